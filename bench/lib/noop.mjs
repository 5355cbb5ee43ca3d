// Empty module: bench/startup.ts times node starting it as the reference for action start-up.
