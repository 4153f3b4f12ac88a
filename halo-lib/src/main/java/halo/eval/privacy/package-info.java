/** Privacy (paper Table 6): membership and attribute inference, nearest-neighbour adversarial accuracy, exact copies. */
package halo.eval.privacy;
