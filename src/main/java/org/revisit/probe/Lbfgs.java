package org.revisit.probe;

/**
 * Limited-memory BFGS (Nocedal & Wright, Alg. 7.4/7.5) with a backtracking Armijo line search, for smooth convex
 * objectives such as the L2-regularised multinomial logistic regression of the probe. DL4J's own LBFGS optimiser
 * drives a network's minibatch training loop and has no full-batch, iteration-capped mode; the probe protocol
 * (scipy L-BFGS, at most 800 iterations, paper.md §3.6) needs exactly that. Stopping rules follow scipy's defaults:
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

    /**
     * An approximation of the inverse Hessian that stays fixed during the run: {@code out = M^-1 in}. It replaces the
     * scaled identity at the centre of the two-loop recursion (Nocedal &amp; Wright §7.2), so curvature the
     * optimiser would otherwise learn over hundreds of iterations is known from the start; the minimum is the same.
     */
    @FunctionalInterface
    public interface Preconditioner {
        void apply(double[] in, double[] out);
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
     * {@value #PROBE_REL_TOL} in place of scipy's 2.2e-9 (1e7 x the float64 epsilon). The probe's objective is
     * evaluated with float32 GEMMs, whose rounding (about 1e-7 relative) is above 2.2e-9, so scipy's test could only
     * end in a failed line search. Measured on 50,000 x 1,600 pooled features with the Böhning preconditioner: 1e-5
     * took 326 evaluations for the five penalties and the refit against 1,125 at 1e-7, choosing the same penalty,
     * with validation top-1 within 0.08 points per penalty and test top-1 89.06 % against 89.14 % (the test split's
     * 95 % interval is about ±0.6 points).
     */
    public static Lbfgs probeDefaults(int maxIterations) {
        return new Lbfgs(10, maxIterations, 1e-5, PROBE_REL_TOL);
    }

    public static final double PROBE_REL_TOL = 1e-5;

    public Result minimize(Objective f, double[] start) {
        return minimize(f, start, null);
    }

    /** @param m a fixed preconditioner, or null for the usual scaled identity */
    public Result minimize(Objective f, double[] start, Preconditioner m) {
        int n = start.length;
        double[] mq = m == null ? null : new double[n];
        double[] mLastY = m == null ? null : new double[n];
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
            double gamma;
            int last = Math.floorMod(head - 1, memory);
            if (m != null) {
                m.apply(d, mq);
                System.arraycopy(mq, 0, d, 0, n);
                gamma = stored > 0 ? dot(s[last], y[last]) / dot(y[last], mLastY) : 1.0;
            } else if (stored > 0) {
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
            if (slope >= 0) { // not a descent direction: restart from (preconditioned) steepest descent
                stored = 0;
                if (m != null) {
                    m.apply(g, d);
                    scale(-1, d);
                } else {
                    double norm = Math.max(1.0, Math.sqrt(dot(g, g)));
                    for (int i = 0; i < n; i++) {
                        d[i] = -g[i] / norm;
                    }
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
                if (m != null) {
                    m.apply(yk, mLastY);
                }
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
