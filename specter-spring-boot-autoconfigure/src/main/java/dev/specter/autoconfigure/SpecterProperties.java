package dev.specter.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.specter.SpecterConfig;
import dev.specter.ice.IceTransportPolicy;
import dev.specter.media.AudioMode;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of Specter.
 */
@ConfigurationProperties("specter")
public class SpecterProperties {

	/**
	 * STUN and TURN servers given to every peer connection of the default Specter. Each
	 * entry is a URL ("stun:host:port") or an object with "urls", "username" and
	 * "credential" (W3C RTCIceServer names). Set it to an empty value for host candidates
	 * only.
	 */
	private List<IceServerProperties> iceServers = new ArrayList<>(
			List.of(IceServerProperties.of(SpecterConfig.DEFAULT_ICE_SERVER)));

	/**
	 * Which candidates ICE may use: "all", or "relay" for TURN relays only.
	 */
	private IceTransportPolicy iceTransportPolicy = IceTransportPolicy.ALL;

	/**
	 * Whether ICE also gathers TCP host candidates (RFC 6544, for peers that cannot reach
	 * this host over UDP). Off by default, like the ICE agents Specter wraps; TURN over
	 * TCP or TLS is not affected. When on, each connection holds more sockets while
	 * connections are set up concurrently.
	 */
	private boolean tcpCandidates = false;

	/**
	 * Timeout of asynchronous operations (offers, answers, descriptions, candidates,
	 * stats, sends).
	 */
	private Duration operationTimeout = Duration.ofSeconds(10);

	private final PortRange portRange = new PortRange();

	private final IpFilter ipFilter = new IpFilter();

	private final Dispatch dispatch = new Dispatch();

	private final Limits limits = new Limits();

	private final DataChannel dataChannel = new DataChannel();

	private final Media media = new Media();

	private final Engine engine = new Engine();

	public List<IceServerProperties> getIceServers() {
		return this.iceServers;
	}

	public void setIceServers(List<IceServerProperties> iceServers) {
		this.iceServers = iceServers;
	}

	public boolean isTcpCandidates() {
		return this.tcpCandidates;
	}

	public void setTcpCandidates(boolean tcpCandidates) {
		this.tcpCandidates = tcpCandidates;
	}

	public IceTransportPolicy getIceTransportPolicy() {
		return this.iceTransportPolicy;
	}

	public void setIceTransportPolicy(IceTransportPolicy iceTransportPolicy) {
		this.iceTransportPolicy = iceTransportPolicy;
	}

	public Duration getOperationTimeout() {
		return this.operationTimeout;
	}

	public void setOperationTimeout(Duration operationTimeout) {
		this.operationTimeout = operationTimeout;
	}

	public PortRange getPortRange() {
		return this.portRange;
	}

	public IpFilter getIpFilter() {
		return this.ipFilter;
	}

	public Dispatch getDispatch() {
		return this.dispatch;
	}

	public Limits getLimits() {
		return this.limits;
	}

	public DataChannel getDataChannel() {
		return this.dataChannel;
	}

	public Engine getEngine() {
		return this.engine;
	}

	public Media getMedia() {
		return this.media;
	}

	/**
	 * Local port range for ICE host candidates.
	 */
	public static class PortRange {

		/**
		 * Lowest local port ICE may use. Unset lets the operating system choose.
		 */
		private Integer min;

		/**
		 * Highest local port ICE may use. Unset lets the operating system choose.
		 */
		private Integer max;

		public Integer getMin() {
			return this.min;
		}

		public void setMin(Integer min) {
			this.min = min;
		}

		public Integer getMax() {
			return this.max;
		}

		public void setMax(Integer max) {
			this.max = max;
		}

	}

	/**
	 * Which local addresses may appear in signalled candidates.
	 */
	public static class IpFilter {

		/**
		 * CIDR blocks whose addresses may be signalled. Empty allows every address not
		 * denied.
		 */
		private List<String> allow = new ArrayList<>();

		/**
		 * CIDR blocks whose addresses are never signalled.
		 */
		private List<String> deny = new ArrayList<>();

		public List<String> getAllow() {
			return this.allow;
		}

		public void setAllow(List<String> allow) {
			this.allow = allow;
		}

		public List<String> getDeny() {
			return this.deny;
		}

		public void setDeny(List<String> deny) {
			this.deny = deny;
		}

	}

	/**
	 * Event dispatch.
	 */
	public static class Dispatch {

		/**
		 * Number of threads that run listeners and complete futures. They mostly wait (on
		 * listeners, and on webrtc-java calls that its signaling thread answers), so the
		 * default is four per processor, at least 8.
		 */
		private Integer threads;

		/**
		 * Most events one connection may have waiting for its listeners; further events
		 * are dropped and reported by an EventsDropped event.
		 */
		private int mailboxCapacity = 10_000;

		public Integer getThreads() {
			return this.threads;
		}

		public void setThreads(Integer threads) {
			this.threads = threads;
		}

		public int getMailboxCapacity() {
			return this.mailboxCapacity;
		}

		public void setMailboxCapacity(int mailboxCapacity) {
			this.mailboxCapacity = mailboxCapacity;
		}

	}

	/**
	 * Limits on input and on the peer connections an instance holds.
	 */
	public static class Limits {

		/**
		 * Largest SDP accepted in a session description.
		 */
		private DataSize maxSdpSize = DataSize.ofKilobytes(256);

		/**
		 * Largest ICE candidate line accepted.
		 */
		private DataSize maxCandidateSize = DataSize.ofKilobytes(2);

		/**
		 * Largest data channel label accepted.
		 */
		private DataSize maxLabelSize = DataSize.ofBytes(65535);

		/**
		 * Largest payload accepted by one send call.
		 */
		private DataSize maxMessageSize = DataSize.ofMegabytes(256);

		/**
		 * How many ICE restarts a remote peer may start on one connection per minute, in
		 * bursts of up to 3 (each restart makes the engine gather anew and keeps new
		 * sockets open). Remote offers beyond it fail with LIMIT_EXCEEDED. Restarts this
		 * application starts itself are not counted.
		 */
		private int remoteIceRestartsPerMinute = 10;

		/**
		 * Most peer connections one Specter instance holds at a time; more are refused
		 * with LIMIT_EXCEEDED. Each holds native memory and UDP sockets
		 * (benchmarks/README.md measures how much). A close frees its slot at once.
		 */
		private int maxPeerConnections = 1000;

		/**
		 * How long a peer connection may stay failed before Specter closes it, unless an
		 * ICE restart brings it back first.
		 */
		private Duration failedConnectionTimeout = Duration.ofSeconds(30);

		/**
		 * How long after its creation a peer connection may take to first reach connected
		 * before Specter closes it.
		 */
		private Duration connectTimeout = Duration.ofSeconds(60);

		public int getMaxPeerConnections() {
			return this.maxPeerConnections;
		}

		public void setMaxPeerConnections(int maxPeerConnections) {
			this.maxPeerConnections = maxPeerConnections;
		}

		public Duration getFailedConnectionTimeout() {
			return this.failedConnectionTimeout;
		}

		public void setFailedConnectionTimeout(Duration failedConnectionTimeout) {
			this.failedConnectionTimeout = failedConnectionTimeout;
		}

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public int getRemoteIceRestartsPerMinute() {
			return this.remoteIceRestartsPerMinute;
		}

		public void setRemoteIceRestartsPerMinute(int remoteIceRestartsPerMinute) {
			this.remoteIceRestartsPerMinute = remoteIceRestartsPerMinute;
		}

		public DataSize getMaxSdpSize() {
			return this.maxSdpSize;
		}

		public void setMaxSdpSize(DataSize maxSdpSize) {
			this.maxSdpSize = maxSdpSize;
		}

		public DataSize getMaxCandidateSize() {
			return this.maxCandidateSize;
		}

		public void setMaxCandidateSize(DataSize maxCandidateSize) {
			this.maxCandidateSize = maxCandidateSize;
		}

		public DataSize getMaxLabelSize() {
			return this.maxLabelSize;
		}

		public void setMaxLabelSize(DataSize maxLabelSize) {
			this.maxLabelSize = maxLabelSize;
		}

		public DataSize getMaxMessageSize() {
			return this.maxMessageSize;
		}

		public void setMaxMessageSize(DataSize maxMessageSize) {
			this.maxMessageSize = maxMessageSize;
		}

	}

	/**
	 * Data channel flow control.
	 */
	public static class DataChannel {

		/**
		 * Largest single data channel message; larger payloads are split into messages of
		 * this size.
		 */
		private DataSize chunkSize = DataSize.ofKilobytes(64);

		/**
		 * Bytes queued in the engine above which sending pauses (libwebrtc closes a
		 * channel at 16 MiB).
		 */
		private DataSize highWatermark = DataSize.ofMegabytes(1);

		/**
		 * Bytes queued at or below which sending resumes and a
		 * DataChannelBufferedAmountLow event is published.
		 */
		private DataSize lowWatermark = DataSize.ofKilobytes(256);

		/**
		 * Bytes one channel may hold back beyond the engine's buffer (sends made faster
		 * than the network takes them); a send that would queue more fails with
		 * LIMIT_EXCEEDED. A single message is accepted into an empty queue whatever its
		 * size. Also bounds the bytes of received messages one connection keeps waiting
		 * for its listeners: further messages are dropped and reported by an
		 * EventsDropped event.
		 */
		private DataSize maxQueuedBytes = DataSize.ofMegabytes(16);

		/**
		 * Bytes of received messages that all the connections of one Specter instance
		 * keep waiting for their listeners together; further messages are dropped and
		 * reported by an EventsDropped event, as past max-queued-bytes, which still
		 * bounds each connection. A connection with nothing waiting may always take one
		 * message, so other connections cannot starve it.
		 */
		private DataSize maxQueuedBytesTotal = DataSize.ofMegabytes(256);

		public DataSize getChunkSize() {
			return this.chunkSize;
		}

		public void setChunkSize(DataSize chunkSize) {
			this.chunkSize = chunkSize;
		}

		public DataSize getHighWatermark() {
			return this.highWatermark;
		}

		public void setHighWatermark(DataSize highWatermark) {
			this.highWatermark = highWatermark;
		}

		public DataSize getLowWatermark() {
			return this.lowWatermark;
		}

		public void setLowWatermark(DataSize lowWatermark) {
			this.lowWatermark = lowWatermark;
		}

		public DataSize getMaxQueuedBytes() {
			return this.maxQueuedBytes;
		}

		public void setMaxQueuedBytes(DataSize maxQueuedBytes) {
			this.maxQueuedBytes = maxQueuedBytes;
		}

		public DataSize getMaxQueuedBytesTotal() {
			return this.maxQueuedBytesTotal;
		}

		public void setMaxQueuedBytesTotal(DataSize maxQueuedBytesTotal) {
			this.maxQueuedBytesTotal = maxQueuedBytesTotal;
		}

	}

	/**
	 * Media of the default Specter.
	 */
	public static class Media {

		/**
		 * Whether the default Specter sends audio or decodes received audio (one or the
		 * other, because of webrtc-java 0.14's audio module): "send" lets audio tracks
		 * play WAV files but received audio reaches no receiveAudio sink; "receive"
		 * delivers received audio to receiveAudio sinks and refuses audio tracks. Further
		 * instances choose theirs with SpecterConfig.withAudioMode.
		 */
		private AudioMode audioMode = AudioMode.SEND;

		/**
		 * Bytes of received video frames or audio that one receiveVideo or receiveAudio
		 * subscription keeps waiting for a slow sink (at most 30 frames or 100 audio
		 * chunks either way); further frames are dropped and counted by the subscription.
		 * A frame arriving when none waits is always kept.
		 */
		private DataSize maxQueuedBytes = DataSize.ofMegabytes(64);

		public AudioMode getAudioMode() {
			return this.audioMode;
		}

		public void setAudioMode(AudioMode audioMode) {
			this.audioMode = audioMode;
		}

		public DataSize getMaxQueuedBytes() {
			return this.maxQueuedBytes;
		}

		public void setMaxQueuedBytes(DataSize maxQueuedBytes) {
			this.maxQueuedBytes = maxQueuedBytes;
		}

	}

	/**
	 * Where the WebRTC engine runs.
	 */
	public static class Engine {

		/**
		 * Where the WebRTC engine runs: "in-process", in the application's JVM; or
		 * "workers", in child JVMs the application starts, so that a native crash of the
		 * engine closes the connections of one worker instead of ending the application
		 * (worker mode supports signaling, ICE, data channels and stats; not yet local
		 * tracks, file playback or received media).
		 */
		private Isolation isolation = Isolation.IN_PROCESS;

		/**
		 * Number of worker processes when isolation is "workers". New connections go to
		 * the worker with the fewest live connections.
		 */
		private int workers = 2;

		/**
		 * Extra JVM options of each worker process when isolation is "workers", such as
		 * "-Xmx512m".
		 */
		private List<String> workerJvmOptions = new ArrayList<>();

		/**
		 * Connections a worker is given before it is recycled, when isolation is
		 * "workers": it takes no new ones, a new worker takes its place, and it exits
		 * when its last connection closes, which gives back the native memory webrtc-java
		 * keeps for every closed connection. 0 for no limit.
		 */
		private int maxConnectionsPerWorker = 0;

		/**
		 * How often each worker is sent a heartbeat when isolation is "workers". The
		 * worker answers it from its socket reader, between two calls, never from the
		 * engine's own threads.
		 */
		private Duration heartbeatInterval = Duration.ofSeconds(5);

		/**
		 * How long a worker may leave a heartbeat unanswered, when isolation is
		 * "workers", before it is considered hung (a stopped process, a deadlock in
		 * native code): it is then killed and handled as a crashed worker (its
		 * connections closed with reason ENGINE_FAILED, a new worker started). Only the
		 * time the application was waiting for the worker counts. Longer than the
		 * heartbeat interval; generous by default so that a busy worker on a loaded
		 * machine is never killed.
		 */
		private Duration heartbeatTimeout = Duration.ofSeconds(30);

		public Duration getHeartbeatInterval() {
			return this.heartbeatInterval;
		}

		public void setHeartbeatInterval(Duration heartbeatInterval) {
			this.heartbeatInterval = heartbeatInterval;
		}

		public Duration getHeartbeatTimeout() {
			return this.heartbeatTimeout;
		}

		public void setHeartbeatTimeout(Duration heartbeatTimeout) {
			this.heartbeatTimeout = heartbeatTimeout;
		}

		public Isolation getIsolation() {
			return this.isolation;
		}

		public void setIsolation(Isolation isolation) {
			this.isolation = isolation;
		}

		public int getWorkers() {
			return this.workers;
		}

		public void setWorkers(int workers) {
			this.workers = workers;
		}

		public int getMaxConnectionsPerWorker() {
			return this.maxConnectionsPerWorker;
		}

		public void setMaxConnectionsPerWorker(int maxConnectionsPerWorker) {
			this.maxConnectionsPerWorker = maxConnectionsPerWorker;
		}

		public List<String> getWorkerJvmOptions() {
			return this.workerJvmOptions;
		}

		public void setWorkerJvmOptions(List<String> workerJvmOptions) {
			this.workerJvmOptions = workerJvmOptions;
		}

		/**
		 * Where the WebRTC engine runs.
		 */
		public enum Isolation {

			/** In the application's JVM. */
			IN_PROCESS,

			/** In worker processes started by the application. */
			WORKERS

		}

	}

}
