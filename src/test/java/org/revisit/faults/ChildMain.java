package org.revisit.faults;

import java.util.Arrays;

/**
 * The entry point of every fault-test child: {@code ChildMain <parent pid> <main class> <args...>} ends the child
 * (exit 143, as SIGTERM) as soon as the parent JVM is gone, so a stopped build leaves no child running, then runs
 * the main class.
 */
public final class ChildMain {
    private ChildMain() {
    }

    public static void main(String[] args) throws Throwable {
        long parent = Long.parseLong(args[0]);
        ProcessHandle.of(parent).ifPresentOrElse(
                h -> h.onExit().thenRun(() -> Runtime.getRuntime().halt(143)),
                () -> Runtime.getRuntime().halt(143));
        try {
            Class.forName(args[1]).getMethod("main", String[].class)
                    .invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
