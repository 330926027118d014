namespace ChatNetOps.Execution.Credentials;

using Microsoft.Extensions.Logging;

/// <summary>Credential provider log events (3300-3399). Names of references only, never a secret.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3300, Level = LogLevel.Information, Message = "Loaded {Count} device credentials from {Path}")]
    public static partial void FileLoaded(ILogger logger, int count, string path);

    [LoggerMessage(EventId = 3301, Level = LogLevel.Debug, Message = "No credentials file at {Path}; using environment variables only")]
    public static partial void NoFile(ILogger logger, string path);

    [LoggerMessage(EventId = 3302, Level = LogLevel.Debug, Message = "Credential {CredentialRef} resolved from {Source}")]
    public static partial void Resolved(ILogger logger, string credentialRef, string source);
}
