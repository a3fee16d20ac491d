package org.revisit.probe;

/**
 * Limited-memory BFGS (Nocedal & Wright, Alg. 7.4/7.5) with a backtracking Armijo line search, for smooth convex
 * objectives such as the L2-regularised multinomial logistic regression of the probe. DL4J's own LBFGS optimiser
 * drives a network's minibatch training loop and has no full-batch, iteration-capped mode; the probe protocol
 * (scipy L-BFGS, at most 800 iterations, SPEC §3.6) needs exactly that. Stopping rules follow scipy's defaults:
 * projected gradient max-norm below {@code gradTol} (1e-5) or relative decrease below {@code relTol} (2.2e-9).
 */
public final class Lbfgs {
    /** f(x); writes the gradient into {@code grad}. */
    @FunctionalInterface
    public interface Objective {
        double evaluate(double[] x, double[] grad);
    }

    public record Result(double[] x, double value, int iterations, boolean converged) {
    }

    private final int memory;
    private final int maxIterations;
    private final double gradTol;
    private final double relTol;

    public Lbfgs(int memory, int maxIterations, double gradTol, double relTol) {
        this.memory = memory;
        this.maxIterations = maxIterations;
        this.gradTol = gradTol;
        this.relTol = relTol;
    }

    public static Lbfgs scipyDefaults(int maxIterations) {
        return new Lbfgs(10, maxIterations, 1e-5, 2.220446049250313e-9);
    }

    /**
     * The probe's settings: scipy's memory (10) and gradient tolerance (1e-5), and a relative-decrease tolerance of
     * {@value #FLOAT32_REL_TOL} in place of scipy's 2.2e-9. scipy's value is 1e7 x the float64 epsilon; the probe's
     * objective is evaluated with float32 GEMMs, whose rounding (about 1e-7 relative) is larger than 2.2e-9, so
     * scipy's test could only end in a failed line search after hundreds of iterations that change nothing.
     */
    public static Lbfgs probeDefaults(int maxIterations) {
        return new Lbfgs(10, maxIterations, 1e-5, FLOAT32_REL_TOL);
    }

    public static final double FLOAT32_REL_TOL = 1e-7;

    public Result minimize(Objective f, double[] start) {
        int n = start.length;
        double[] x = start.clone();
        double[] g = new double[n];
        double fx = f.evaluate(x, g);
        double[][] s = new double[memory][];
        double[][] y = new double[memory][];
        double[] rho = new double[memory];
        double[] alpha = new double[memory];
        int stored = 0;
        int head = 0;
        double[] xNew = new double[n];
        double[] gNew = new double[n];
        for (int iter = 0; iter < maxIterations; iter++) {
            if (maxAbs(g) < gradTol) {
                return new Result(x, fx, iter, true);
            }
            // two-loop recursion: d = -H g
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                d[i] = -g[i];
            }
            for (int k = 0; k < stored; k++) {
                int j = Math.floorMod(head - 1 - k, memory);
                alpha[j] = rho[j] * dot(s[j], d);
                axpy(-alpha[j], y[j], d);
            }
            double gamma = 1.0;
            if (stored > 0) {
                int last = Math.floorMod(head - 1, memory);
                gamma = dot(s[last], y[last]) / dot(y[last], y[last]);
            } else {
                gamma = 1.0 / Math.max(1.0, Math.sqrt(dot(g, g)));
            }
            scale(gamma, d);
            for (int k = stored - 1; k >= 0; k--) {
                int j = Math.floorMod(head - 1 - k, memory);
                double beta = rho[j] * dot(y[j], d);
                axpy(alpha[j] - beta, s[j], d);
            }
            double slope = dot(g, d);
            if (slope >= 0) { // not a descent direction: restart from steepest descent
                stored = 0;
                for (int i = 0; i < n; i++) {
                    d[i] = -g[i] / Math.max(1.0, Math.sqrt(dot(g, g)));
                }
                slope = dot(g, d);
            }
            double step = 1.0;
            double fNew = Double.NaN;
            boolean accepted = false;
            for (int ls = 0; ls < 40; ls++) {
                for (int i = 0; i < n; i++) {
                    xNew[i] = x[i] + step * d[i];
                }
                fNew = f.evaluate(xNew, gNew);
                if (Double.isFinite(fNew) && fNew <= fx + 1e-4 * step * slope) {
                    accepted = true;
                    break;
                }
                step *= 0.5;
            }
            if (!accepted) {
                return new Result(x, fx, iter, false);
            }
            double[] sk = new double[n];
            double[] yk = new double[n];
            for (int i = 0; i < n; i++) {
                sk[i] = xNew[i] - x[i];
                yk[i] = gNew[i] - g[i];
            }
            double sy = dot(sk, yk);
            if (sy > 1e-12) {
                s[head] = sk;
                y[head] = yk;
                rho[head] = 1.0 / sy;
                head = (head + 1) % memory;
                stored = Math.min(stored + 1, memory);
            }
            double fOld = fx;
            System.arraycopy(xNew, 0, x, 0, n);
            System.arraycopy(gNew, 0, g, 0, n);
            fx = fNew;
            if ((fOld - fx) / Math.max(Math.max(Math.abs(fOld), Math.abs(fx)), 1.0) <= relTol) {
                return new Result(x, fx, iter + 1, true);
            }
        }
        return new Result(x, fx, maxIterations, maxAbs(g) < gradTol);
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static void scale(double a, double[] x) {
        for (int i = 0; i < x.length; i++) {
            x[i] *= a;
        }
    }

    private static double maxAbs(double[] x) {
        double m = 0;
        for (double v : x) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
