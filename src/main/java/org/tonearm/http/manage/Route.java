package org.tonearm.http.manage;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import org.tonearm.account.Principal;

/**
 * One row of the management face's route table: method, full path, who may call it, the JSON body it reads (null: none)
 * and the action. Tests walk this table, so a new route is covered by the authorization and bad-input checks at once.
 */
public record Route(HandlerType method, String path, Access access, Class<?> body, Action action) {

    /** A route's work, given the caller (null only on public routes nobody signed in to). */
    @FunctionalInterface
    public interface Action {
        void handle(Context ctx, Principal principal) throws Exception;
    }
}
