// Placeholder until the Bench module lands; replaced by its real files.
