/** Utility (paper Tables 4-5): balanced phenotyping sets, logistic and BiLSTM classifiers, rare-disease augmentation. */
package halo.eval.utility;
