namespace ChatNetOps.Cli;

public sealed class CliUsageException(string message) : Exception(message);
