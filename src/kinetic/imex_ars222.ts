/**
 * The IMEX Runge–Kutta scheme ARS(2,2,2) of Ascher, Ruuth & Spiteri (1997), used by both the kinetic and the
 * moment solver for ∂ₜq = T(q) + Q(q)/ε with explicit transport T and implicit relaxation Q:
 *
 *   explicit tableau        implicit tableau         γ = 1 − 1/√2, δ = 1 − 1/(2γ)
 *   0 |                     0 |
 *   γ | γ                   γ | 0  γ
 *   1 | δ  1−δ              1 | 0  1−γ  γ
 *       δ  1−δ  0                 0  1−γ  γ
 *
 * Second order, L-stable and globally stiffly accurate (the new value is the last stage), hence asymptotic
 * preserving: as ε → 0 each stage is projected onto the equilibrium, and the step tends to a second-order
 * explicit scheme for the limit equations with a time step bounded by the transport CFL only, not by ε.
 * For BGK-type relaxation Q = (E[q] − q) with E depending only on the conserved part (which Q does not change),
 * every implicit stage is explicit: q = (q* + k E[q*]) / (1 + k), k = γ dt/ε.
 */
export const ARS_GAMMA = 1 - Math.SQRT1_2;
export const ARS_DELTA = 1 - 1 / (2 * ARS_GAMMA);
