// Placeholder until the Raft module lands; replaced by its real files.
