package dev.perch.presence;

class InMemoryPresenceDirectoryTest extends PresenceDirectoryContract {

  @Override
  protected PresenceDirectory directory() {
    return new InMemoryPresenceDirectory();
  }
}
