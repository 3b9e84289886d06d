package dev.ghostline.matchmaker.leader;

/** What an instance does when it starts or stops being the one that matches. Calls alternate, start first. */
public interface LeadershipListener {

    void startLeading();

    /** Must stop all leader work before returning: once it returns, another instance may lead. */
    void stopLeading();
}
