namespace ChatNetOps.Execution.Credentials;

/// <summary>The secrets file: <c>{ "credentials": { "&lt;ref&gt;": { "username": ..., "password": ... } } }</c>.</summary>
internal sealed record CredentialFile(Dictionary<string, CredentialEntry>? Credentials);
