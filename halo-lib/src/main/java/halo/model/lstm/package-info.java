/** The LSTM baseline (protocol Part B §2.6): {@link halo.model.lstm.LstmModel}. */
package halo.model.lstm;
