// The sample page: signaling over STOMP with Specter's /app/specter/* endpoints, a data channel
// chat, the live events of this page's peer connection, a bytes/s chart from getStats, and the
// video the server plays (it offers the track itself once the connection is up; the page answers).
(function () {
  'use strict';

  const $ = (id) => document.getElementById(id);
  // Inspected by the browser test; also handy in the developer console.
  const state = window.sample = {
    pcId: null, pc: null, channel: null, stomp: null,
    events: [], sentCandidates: [], receivedCandidates: [], statsSamples: 0, lastStats: null,
    remoteDescriptionSet: false, pendingCandidates: [], serverOffer: null, serverOfferSet: false
  };
  const chart = new RateChart($('chart'));

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

  async function connect() {
    $('connect').disabled = true;
    Object.assign(state, { pcId: null, pc: null, channel: null, lastStats: null, remoteDescriptionSet: false,
      pendingCandidates: [], serverOffer: null, serverOfferSet: false });
    const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    const stomp = state.stomp = new StompLite(scheme + location.host + '/ws');
    stomp.onclose = () => { $('stomp-state').textContent = 'closed'; };
    await stomp.connect();
    $('stomp-state').textContent = 'connected';
    stomp.subscribe('/user/queue/specter', (frame) => onSignal(JSON.parse(frame.body)));
    stomp.sendJson('/app/specter/connect', { requestId: 'connect' });
    $('disconnect').disabled = false;
  }

  function onSignal(message) {
    if (message.type === 'Created') {
      state.pcId = message.peerConnection;
      $('pc-id').textContent = state.pcId;
      startPeer().catch((error) => showEvent({ type: 'Error', command: 'offer', code: 'BROWSER', message: String(error) }));
      return;
    }
    if (message.peerConnection && message.peerConnection !== state.pcId) {
      return; // another connection of the same user
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

  async function startPeer() {
    // No ICE servers: the server's host candidates reach this page; the page's own candidates are
    // mDNS names the server cannot resolve, so the server learns the page's address from its
    // connectivity checks (a peer-reflexive candidate).
    const pc = state.pc = new RTCPeerConnection({ iceServers: [] });
    pc.onicecandidate = (event) => {
      const candidate = event.candidate ? event.candidate.toJSON() : null;
      if (candidate) {
        state.sentCandidates.push(candidate.candidate);
      }
      state.stomp.sendJson('/app/specter/candidate', { peerConnection: state.pcId, candidate });
    };
    pc.onconnectionstatechange = () => { $('pc-state').textContent = pc.connectionState; };
    const channel = state.channel = pc.createDataChannel('chat');
    channel.onopen = () => {
      $('dc-state').textContent = 'open';
      $('chat-send').disabled = false;
      channel.send(JSON.stringify({ type: 'join', room: $('room').value, name: $('name').value }));
    };
    channel.onclose = () => {
      $('dc-state').textContent = 'closed';
      $('chat-send').disabled = true;
    };
    channel.onmessage = (event) => onChat(JSON.parse(event.data));
    pc.ontrack = (event) => {
      const video = $('video');
      video.srcObject = event.streams[0] || new MediaStream([event.track]);
      video.play().catch(() => { /* muted autoplay; nothing to do if the browser refuses */ });
    };
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    state.stomp.sendJson('/app/specter/offer', {
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
      state.stomp.sendJson('/app/specter/answer', {
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

  $('connect').addEventListener('click', () => connect().catch((error) => {
    $('connect').disabled = false;
    showEvent({ type: 'Error', command: 'connect', code: 'BROWSER', message: String(error) });
  }));
  $('disconnect').addEventListener('click', () => {
    if (state.pcId) {
      state.stomp.sendJson('/app/specter/close', { peerConnection: state.pcId });
    }
    if (state.pc) {
      state.pc.close();
    }
    state.stomp.disconnect();
    $('video').srcObject = null;
    $('disconnect').disabled = true;
    $('connect').disabled = false;
    state.remoteDescriptionSet = false;
  });
  $('chat-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const text = $('chat-input').value;
    if (text && state.channel && state.channel.readyState === 'open') {
      state.channel.send(JSON.stringify({ type: 'chat', text }));
      $('chat-input').value = '';
    }
  });
})();
