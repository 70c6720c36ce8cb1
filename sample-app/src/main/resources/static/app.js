// The sample page: signaling over STOMP (@stomp/stompjs, with heart-beats and reconnect) with
// Specter's /app/specter/* endpoints, a data channel chat, the live events of this page's peer
// connection, a bytes/s chart (Chart.js) from getStats, and the video the server plays (it offers
// the track itself once the connection is up; the page answers).
(function () {
  'use strict';

  const $ = (id) => document.getElementById(id);
  // Inspected by the browser test; also handy in the developer console.
  const state = window.sample = {
    user: null, pcId: null, pc: null, channel: null, stomp: null, requestId: null, connects: 0,
    otherConnections: {}, otherEvents: 0, early: [],
    events: [], sentCandidates: [], receivedCandidates: [], statsSamples: 0, lastStats: null,
    remoteDescriptionSet: false, pendingCandidates: [], serverOffer: null, serverOfferSet: false
  };
  const chart = rateChart($('chart'));

  // Bytes/s both ways over the last 60 samples, drawn by Chart.js (served as a WebJar).
  function rateChart(canvas) {
    const capacity = 60;
    const chart = new Chart(canvas, {
      type: 'line',
      data: {
        labels: [],
        datasets: [
          { label: 'server → browser', data: [], borderColor: '#d9480f', backgroundColor: '#d9480f', pointRadius: 0, tension: 0.2 },
          { label: 'browser → server', data: [], borderColor: '#1c7ed6', backgroundColor: '#1c7ed6', pointRadius: 0, tension: 0.2 }
        ]
      },
      options: {
        animation: false, maintainAspectRatio: false,
        scales: {
          x: { display: false },
          y: { beginAtZero: true, suggestedMax: 1000, ticks: { callback: (value) => formatRate(value) } }
        },
        plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } }
      }
    });
    let sample = 0;
    return {
      add(sentPerSecond, receivedPerSecond) {
        chart.data.labels.push(sample++);
        chart.data.datasets[0].data.push(Math.max(0, sentPerSecond));
        chart.data.datasets[1].data.push(Math.max(0, receivedPerSecond));
        if (chart.data.labels.length > capacity) {
          chart.data.labels.shift();
          chart.data.datasets.forEach((dataset) => dataset.data.shift());
        }
        chart.update('none');
      }
    };
  }

  function formatRate(bytesPerSecond) {
    const units = ['B/s', 'kB/s', 'MB/s'];
    let value = bytesPerSecond;
    let unit = 0;
    while (value >= 1000 && unit < units.length - 1) {
      value /= 1000;
      unit++;
    }
    return (value >= 100 || unit === 0 ? value.toFixed(0) : value.toFixed(1)) + ' ' + units[unit];
  }

  function addItem(list, className, text) {
    const item = document.createElement('li');
    item.className = className;
    item.textContent = text;
    list.appendChild(item);
    list.scrollTop = list.scrollHeight;
    return item;
  }

  function showEvent(message) {
    state.events.push(message);
    const item = document.createElement('li');
    item.className = message.type === 'Error' || message.type === 'OperationFailed' ? 'error' : '';
    const type = document.createElement('span');
    type.className = 'type';
    type.textContent = message.type;
    item.appendChild(type);
    item.appendChild(document.createTextNode(' ' + describe(message)));
    $('events').appendChild(item);
    $('events').scrollTop = $('events').scrollHeight;
  }

  function describe(message) {
    switch (message.type) {
      case 'IceCandidateGathered':
        return message.candidate.candidate || '(end of candidates)';
      case 'DataChannelMessage':
        return message.binary ? message.size + ' bytes' : JSON.stringify(message.text);
      case 'Error':
        return message.command + ': ' + message.code + ' ' + message.message;
      case 'OperationFailed':
        return message.operation + ': ' + message.code + ' ' + message.message;
      default:
        return ['state', 'sdpType', 'label'].filter((k) => k in message).map((k) => message[k]).join(' ');
    }
  }

  // The logged-in user and the CSRF token that STOMP CONNECT must carry. Null when the login has
  // expired (the request is redirected to the login page).
  async function loadSession() {
    const response = await fetch('session', { headers: { Accept: 'application/json' }, cache: 'no-store' });
    const type = response.headers.get('Content-Type') || '';
    if (!response.ok || !type.includes('application/json')) {
      return null;
    }
    return response.json();
  }

  function setStompState(text) {
    $('stomp-state').textContent = text;
  }

  // One STOMP client for the page's life: heart-beats both ways, and on a lost WebSocket it
  // reconnects every 2 s. The server closes a session's peer connections when its WebSocket
  // closes, so each (re)connect negotiates a new peer connection.
  function connect() {
    $('connect').disabled = true;
    $('disconnect').disabled = false;
    const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    const stomp = state.stomp = new StompJs.Client({
      brokerURL: scheme + location.host + '/ws',
      heartbeatIncoming: 10000,
      heartbeatOutgoing: 10000,
      reconnectDelay: 2000,
      beforeConnect: async () => {
        try {
          const session = await loadSession();
          if (!session) {
            setStompState('logged out: reload the page to log in');
            await stomp.deactivate();
            resetButtons();
            return;
          }
          stomp.connectHeaders = { [session.csrfHeader]: session.csrfToken };
        }
        catch (error) {
          // The server is unreachable: let the WebSocket fail and the client retry.
        }
        setStompState(state.connects > 0 ? 'reconnecting' : 'connecting');
      },
      onConnect: () => {
        state.connects++;
        setStompState(state.connects > 1 ? 'connected (reconnected)' : 'connected');
        stomp.subscribe('/user/queue/specter', (frame) => onSignal(JSON.parse(frame.body)));
        closePeer();
        state.requestId = 'connect-' + Math.random().toString(36).slice(2);
        stomp.publish({ destination: '/app/specter/connect', body: JSON.stringify({ requestId: state.requestId }) });
      },
      onWebSocketClose: () => {
        closePeer();
        if (stomp.active) {
          setStompState('disconnected, reconnecting');
        }
      },
      onStompError: (frame) => {
        showEvent({ type: 'Error', command: 'STOMP', code: 'ERROR', message: frame.headers.message || frame.body });
      }
    });
    stomp.activate();
  }

  // Forgets this page's peer connection: the server closes it when the WebSocket goes.
  function closePeer() {
    if (state.pc) {
      state.pc.close();
    }
    Object.assign(state, { pcId: null, pc: null, channel: null, lastStats: null, remoteDescriptionSet: false,
      pendingCandidates: [], serverOffer: null, serverOfferSet: false, requestId: null, early: [] });
    $('video').srcObject = null;
    $('pc-id').textContent = 'none';
    $('pc-state').textContent = 'new';
    $('dc-state').textContent = 'closed';
    $('chat-send').disabled = true;
  }

  function resetButtons() {
    $('disconnect').disabled = true;
    $('connect').disabled = false;
  }

  function sendJson(destination, body) {
    if (state.stomp && state.stomp.connected) {
      state.stomp.publish({ destination, body: JSON.stringify(body) });
    }
  }

  function onSignal(message) {
    if (message.type === 'Created') {
      if (message.requestId !== state.requestId) {
        return; // an older connect of this page
      }
      state.pcId = message.peerConnection;
      $('pc-id').textContent = state.pcId;
      startPeer().catch((error) => showEvent({ type: 'Error', command: 'offer', code: 'BROWSER', message: String(error) }));
      // Events that overtook the reply: this connection's, or another connection's of the user.
      state.early.splice(0).forEach(onSignal);
      return;
    }
    if (message.peerConnection && !state.pcId && state.requestId) {
      state.early.push(message); // maybe this page's connection, before its Created reply
      return;
    }
    if (message.peerConnection && message.peerConnection !== state.pcId) {
      // Another connection of the same user (another tab, or a page on another instance: the
      // broker relay delivers the owner's events to each of the user's sessions).
      onOtherConnection(message);
      return;
    }
    if (message.type !== 'StatsReported') {
      showEvent(message);
    }
    switch (message.type) {
      case 'Answer':
        applyAnswer(message.description);
        break;
      case 'IceCandidateGathered':
        addRemoteCandidate(message.candidate);
        break;
      case 'StatsReported':
        onStats(message.stats);
        break;
      case 'OfferCreated':
        state.serverOffer = message.offer;
        answerServerOffer();
        break;
      case 'LocalDescriptionSet':
        if (message.sdpType === 'offer') {
          state.serverOfferSet = true;
          answerServerOffer();
        }
        break;
      default:
        break;
    }
  }

  function onOtherConnection(message) {
    state.otherEvents++;
    state.otherConnections[message.peerConnection] = message.state || state.otherConnections[message.peerConnection] || '';
    if (message.type === 'PeerConnectionClosed') {
      delete state.otherConnections[message.peerConnection];
    }
    const count = Object.keys(state.otherConnections).length;
    $('others').textContent = count + ' (' + state.otherEvents + ' events)';
  }

  async function startPeer() {
    // No ICE servers: the server's host candidates reach this page; the page's own candidates are
    // mDNS names the server cannot resolve, so the server learns the page's address from its
    // connectivity checks (a peer-reflexive candidate).
    const pc = state.pc = new RTCPeerConnection({ iceServers: [] });
    const current = () => state.pc === pc; // false once closePeer() replaced it
    pc.onicecandidate = (event) => {
      if (!current()) {
        return;
      }
      const candidate = event.candidate ? event.candidate.toJSON() : null;
      if (candidate) {
        state.sentCandidates.push(candidate.candidate);
      }
      sendJson('/app/specter/candidate', { peerConnection: state.pcId, candidate });
    };
    pc.onconnectionstatechange = () => {
      if (current()) {
        $('pc-state').textContent = pc.connectionState;
      }
    };
    const channel = state.channel = pc.createDataChannel('chat');
    channel.onopen = () => {
      $('dc-state').textContent = 'open';
      $('chat-send').disabled = false;
      channel.send(JSON.stringify({ type: 'join', room: $('room').value, name: $('name').value }));
    };
    channel.onclose = () => {
      if (!current()) {
        return;
      }
      $('dc-state').textContent = 'closed';
      $('chat-send').disabled = true;
    };
    channel.onmessage = (event) => onChat(JSON.parse(event.data));
    pc.ontrack = (event) => {
      if (!current()) {
        return;
      }
      const video = $('video');
      video.srcObject = event.streams[0] || new MediaStream([event.track]);
      video.play().catch(() => { /* muted autoplay; nothing to do if the browser refuses */ });
    };
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    if (!current()) {
      return;
    }
    sendJson('/app/specter/offer', {
      requestId: 'offer', peerConnection: state.pcId, description: { type: offer.type, sdp: offer.sdp }
    });
  }

  async function applyAnswer(description) {
    await state.pc.setRemoteDescription(description);
    state.remoteDescriptionSet = true;
    for (const candidate of state.pendingCandidates.splice(0)) {
      await addRemoteCandidate(candidate);
    }
  }

  // The server offers its video track once the connection is up (OfferCreated). Answer once the
  // server has also set that offer as its local description (LocalDescriptionSet), so that the
  // answer can never overtake it.
  async function answerServerOffer() {
    if (!state.serverOffer || !state.serverOfferSet) {
      return;
    }
    const offer = state.serverOffer;
    Object.assign(state, { serverOffer: null, serverOfferSet: false });
    try {
      await state.pc.setRemoteDescription(offer);
      const answer = await state.pc.createAnswer();
      await state.pc.setLocalDescription(answer);
      sendJson('/app/specter/answer', {
        requestId: 'answer', peerConnection: state.pcId, description: { type: answer.type, sdp: answer.sdp }
      });
    }
    catch (error) {
      showEvent({ type: 'Error', command: 'answer', code: 'BROWSER', message: String(error) });
    }
  }

  // The page's own view of the received video (inbound-rtp), for the browser test and the console.
  state.videoStats = async () => {
    const video = $('video');
    const result = { videoWidth: video.videoWidth, videoHeight: video.videoHeight, framesDecoded: 0,
      framesShown: video.getVideoPlaybackQuality().totalVideoFrames };
    if (state.pc) {
      const report = await state.pc.getStats();
      report.forEach((stat) => {
        if (stat.type === 'inbound-rtp' && stat.kind === 'video') {
          result.framesDecoded += stat.framesDecoded || 0;
          const codec = report.get(stat.codecId);
          result.codec = codec ? codec.mimeType : undefined;
        }
      });
    }
    return result;
  };

  async function addRemoteCandidate(candidate) {
    // Relayed events may overtake the answer: hold candidates until it is applied.
    if (!state.remoteDescriptionSet) {
      state.pendingCandidates.push(candidate);
      return;
    }
    state.receivedCandidates.push(candidate.candidate);
    try {
      await state.pc.addIceCandidate(candidate.candidate ? candidate : null);
    }
    catch (error) {
      showEvent({ type: 'Error', command: 'addIceCandidate', code: 'BROWSER', message: String(error) });
    }
  }

  function onChat(message) {
    const log = $('chat-log');
    switch (message.type) {
      case 'echo':
        addItem(log, 'echo', 'echo: ' + message.text);
        break;
      case 'chat':
        addItem(log, 'chat', message.from + ': ' + message.text);
        break;
      case 'joined':
        addItem(log, 'notice', message.text + ' (present: ' + message.members.join(', ') + ')');
        break;
      default:
        addItem(log, 'notice', message.text);
    }
  }

  function onStats(report) {
    let sent = 0;
    let received = 0;
    for (const stat of Object.values(report.stats || {})) {
      if (stat.type === 'transport') {
        sent += Number(stat.bytesSent || 0);
        received += Number(stat.bytesReceived || 0);
      }
    }
    const now = { timestamp: report.timestamp, sent, received };
    const last = state.lastStats;
    if (last && now.timestamp > last.timestamp) {
      const seconds = (now.timestamp - last.timestamp) / 1e6;
      const sentRate = (now.sent - last.sent) / seconds;
      const receivedRate = (now.received - last.received) / seconds;
      chart.add(sentRate, receivedRate);
      $('rate').textContent = '↓ ' + formatRate(sentRate) + '  ↑ ' + formatRate(receivedRate);
      state.statsSamples++;
    }
    state.lastStats = now;
  }

  $('connect').addEventListener('click', connect);
  $('disconnect').addEventListener('click', async () => {
    const stomp = state.stomp;
    if (state.pcId) {
      sendJson('/app/specter/close', { peerConnection: state.pcId });
    }
    closePeer();
    resetButtons();
    if (stomp) {
      await stomp.deactivate();
    }
    setStompState('closed');
  });
  loadSession().then((session) => {
    if (session) {
      state.user = session.user;
      $('user').textContent = session.user;
      if ($('name').value === 'guest') {
        $('name').value = session.user;
      }
    }
  }).catch(() => { /* shown when connecting */ });
  $('chat-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const text = $('chat-input').value;
    if (text && state.channel && state.channel.readyState === 'open') {
      state.channel.send(JSON.stringify({ type: 'chat', text }));
      $('chat-input').value = '';
    }
  });
})();
