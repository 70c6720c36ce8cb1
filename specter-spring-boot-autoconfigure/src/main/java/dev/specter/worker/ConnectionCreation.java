package dev.specter.worker;

import dev.specter.ApiId;
import dev.specter.PeerConnectionId;
import dev.specter.Specter;
import dev.specter.event.PeerConnectionClosed;
import dev.specter.webrtc.EngineHooks;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.JsonNode;

/**
 * Creating a connection in a worker without waiting for it: the application chooses the
 * connection's id, registers its route and writes the creation; the calls that follow on
 * the connection are written after it, and the worker runs a worker's calls in the order
 * they are written, so they find the connection there.
 * <p>
 * What throws in process still throws: the checks of the application (instance open, API
 * known, connection limit) are made before; the first creation of an instance in each
 * worker still waits for the worker (a configuration the engine refuses throws there,
 * with the engine's message). A later creation the worker refuses (its native factory
 * failing after it has made connections with the same configuration) closes the
 * connection: {@link PeerConnectionClosed} with reason
 * {@link PeerConnectionClosed.Reason#ENGINE_FAILED} is its only event, and the calls
 * already written for it fail as calls on a closed connection do.
 */
final class ConnectionCreation {

	/** The call's name (not a {@link Specter} method). */
	static final String METHOD = "newPeerConnectionWithId";

	private static final Log logger = LogFactory.getLog(ConnectionCreation.class);

	private ConnectionCreation() {
	}

	/**
	 * In the worker: creates the connection under the application's id.
	 * @param specter the worker's instance
	 * @param args the worker's API and the connection's id
	 * @return the id
	 */
	static PeerConnectionId create(Specter specter, JsonNode args) {
		ApiId api = (ApiId) WorkerCodec.convert(args.get(0), ApiId.class);
		PeerConnectionId id = (PeerConnectionId) WorkerCodec.convert(args.get(1), PeerConnectionId.class);
		return EngineHooks.newPeerConnection(specter, api, id);
	}

	/**
	 * In the application: writes the creation of a registered connection and closes it
	 * should the worker refuse it.
	 * @param calls the instance's calls
	 * @param factory the factory holding the route
	 * @param route the new connection's route
	 * @param workerApi the worker's API
	 */
	static void start(WorkerCalls calls, WorkerSpecterFactory factory, Route route, ApiId workerApi) {
		calls
			.<PeerConnectionId>pipelined(route, null, METHOD, PeerConnectionId.class, workerApi, route.peerConnection())
			.whenComplete((created, failure) -> {
				if (failure != null) {
					logger.warn("Peer connection " + route.peerConnection() + " could not be created in "
							+ route.worker() + "; it is closed: " + failure.getMessage());
					factory.closeRoute(route, new PeerConnectionClosed(route.owner().id(), route.peerConnection(),
							PeerConnectionClosed.Reason.ENGINE_FAILED));
				}
			});
	}

}
