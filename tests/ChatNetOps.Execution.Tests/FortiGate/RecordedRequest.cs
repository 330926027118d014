namespace ChatNetOps.Execution.Tests.FortiGate;

/// <summary>One request the stand-in FortiGate received.</summary>
internal sealed record RecordedRequest(string Method, string Path, string Query, string Authorization);
