package dev.specter;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.AliasFor;

/**
 * Marks a bean method that handles {@link dev.specter.event.SpecterEvent Specter events}:
 * the analogue of an Elixir process's {@code handle_info}. The method takes one
 * parameter, the event type it wants (a record of {@code dev.specter.event}, or
 * {@code SpecterEvent} for all).
 * <p>
 * It is a composed {@link EventListener}, so {@code condition} (SpEL, e.g.
 * {@code "#event.peerConnection() == @rooms.owner"}), {@code @Order} and {@code @Async}
 * work as usual. Unlike a plain {@code @EventListener}, an exception thrown by the method
 * never reaches the publisher: it goes to the {@link SpecterErrorHandler} bean and the
 * other listeners still run. Events of one connection arrive in order, on Specter's
 * dispatch threads.
 * <p>
 * <strong>Which instances.</strong> By default a method receives the events of
 * <em>every</em> Specter instance of the application: the auto-configured bean and each
 * instance made by {@link SpecterFactory}. A method that calls back into one instance
 * (say {@code specter.sendText(event.peerConnection(), ...)} on the injected bean) would
 * then get the connections of the other instances too, which that bean does not hold
 * ({@link NotFoundException}). Scope it with {@link #specter()}, naming the Specter bean
 * whose events it wants: {@code @SpecterListener(specter = "specter")} for the
 * auto-configured one. For an instance that is not a bean (one made per room at run
 * time), compare {@link dev.specter.event.SpecterEvent#specter()} with the instance's
 * {@link Specter#id()}, in the method or in a {@link #condition()} such as
 * {@code "#event.specter() == @rooms.specterId"}; {@link SpecterFactory#find} turns the
 * id back into the instance.
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@EventListener
public @interface SpecterListener {

	/**
	 * Event classes this method handles, if not given by its parameter.
	 * @return the classes
	 */
	@AliasFor(annotation = EventListener.class, attribute = "classes")
	Class<?>[] value() default {};

	/**
	 * SpEL condition: the method is called only when it is true ({@code #event} is the
	 * event).
	 * @return the expression
	 */
	@AliasFor(annotation = EventListener.class, attribute = "condition")
	String condition() default "";

	/**
	 * Listener id, as {@link EventListener#id()}.
	 * @return the id
	 */
	@AliasFor(annotation = EventListener.class, attribute = "id")
	String id() default "";

	/**
	 * Name of the {@link Specter} bean whose events this method receives; empty (the
	 * default) for the events of every instance. The bean is looked up once, when the
	 * listener is registered: a name that is not a {@code Specter} bean fails the start
	 * of the application.
	 * @return the bean name, or empty for all instances
	 */
	String specter() default "";

}
