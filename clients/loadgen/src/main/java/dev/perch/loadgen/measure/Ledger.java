package dev.perch.loadgen.measure;

/** The account of a run's deliveries: what its pollers received, against what the server acknowledged. Thread-safe. */
public interface Ledger {

  /**
   * Recipient {@code recipient} (numbered from 0 within the run) received message {@code id} at
   * position ({@code major}, {@code minor}).
   */
  DeliveryLedger.Outcome received(int recipient, long id, long major, long minor);

  /** Deliveries owed for acknowledged messages and not received yet. */
  long awaited();

  /** The run's totals so far. */
  DeliveryLedger.Tally tally();
}
