package dev.perch.bus;

class InProcessDeliveryBusTest extends DeliveryBusContract {

  @Override
  protected DeliveryBus bus(WakeListener listener) {
    return new InProcessDeliveryBus(listener);
  }
}
