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

}
