// A small line chart on a canvas: two series (bytes/s each way) over the last samples.
(function (global) {
  'use strict';

  class RateChart {
    constructor(canvas, capacity = 60) {
      this.canvas = canvas;
      this.capacity = capacity;
      this.series = { sent: [], received: [] };
      this.colors = { sent: '#d9480f', received: '#1c7ed6' };
      this.draw();
    }

    add(sentPerSecond, receivedPerSecond) {
      for (const [name, value] of [['sent', sentPerSecond], ['received', receivedPerSecond]]) {
        const values = this.series[name];
        values.push(Math.max(0, value));
        if (values.length > this.capacity) {
          values.shift();
        }
      }
      this.draw();
    }

    draw() {
      const ctx = this.canvas.getContext('2d');
      const { width, height } = this.canvas;
      ctx.clearRect(0, 0, width, height);
      const max = Math.max(100, ...this.series.sent, ...this.series.received);
      ctx.strokeStyle = '#e5e9f0';
      ctx.fillStyle = '#6b7280';
      ctx.font = '11px sans-serif';
      for (let i = 0; i <= 4; i++) {
        const y = Math.round(10 + (height - 20) * i / 4) + 0.5;
        ctx.beginPath();
        ctx.moveTo(40, y);
        ctx.lineTo(width, y);
        ctx.stroke();
        ctx.fillText(formatRate(max * (4 - i) / 4), 2, y + 4);
      }
      for (const [name, values] of Object.entries(this.series)) {
        ctx.strokeStyle = this.colors[name];
        ctx.lineWidth = 2;
        ctx.beginPath();
        values.forEach((value, i) => {
          const x = 40 + (width - 40) * i / (this.capacity - 1);
          const y = 10 + (height - 20) * (1 - value / max);
          if (i === 0) {
            ctx.moveTo(x, y);
          }
          else {
            ctx.lineTo(x, y);
          }
        });
        ctx.stroke();
      }
    }
  }

  function formatRate(bytesPerSecond) {
    if (bytesPerSecond >= 1e6) {
      return (bytesPerSecond / 1e6).toFixed(1) + ' MB/s';
    }
    if (bytesPerSecond >= 1e3) {
      return (bytesPerSecond / 1e3).toFixed(1) + ' kB/s';
    }
    return Math.round(bytesPerSecond) + ' B/s';
  }

  global.RateChart = RateChart;
  global.formatRate = formatRate;
})(window);
