// Placeholder until the Bully module lands; replaced by its real files.
