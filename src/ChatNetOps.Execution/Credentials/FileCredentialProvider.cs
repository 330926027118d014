namespace ChatNetOps.Execution.Credentials;

using System.Text;
using System.Text.Json;
using ChatNetOps.Core.Execution;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

/// <summary>
/// The embedded <see cref="ICredentialProvider"/>: a local JSON secrets file (owner-only permissions) and environment
/// variables <c>CHATNETOPS_CRED_&lt;REF&gt;_USERNAME / _PASSWORD / _PRIVATE_KEY_FILE / _PRIVATE_KEY_PASSPHRASE / _API_TOKEN /
/// _ENABLE_SECRET</c>
/// (REF upper-cased, other characters as <c>_</c>), which override the file field by field. Secrets are never logged.
/// </summary>
internal sealed class FileCredentialProvider : ICredentialProvider
{
    public const string EnvironmentPrefix = "CHATNETOPS_CRED_";

    private readonly string _path;
    private readonly Func<string, string?> _environment;
    private readonly ILogger<FileCredentialProvider> _logger;
    private readonly Lock _gate = new();
    private Dictionary<string, CredentialEntry> _entries = new(StringComparer.Ordinal);
    private DateTime _loadedWriteTime = DateTime.MinValue;

    public FileCredentialProvider(IOptions<CredentialOptions> options, ILogger<FileCredentialProvider> logger)
        : this(options.Value, logger, Environment.GetEnvironmentVariable)
    {
    }

    internal FileCredentialProvider(CredentialOptions options, ILogger<FileCredentialProvider> logger, Func<string, string?> environment)
    {
        _path = Path.GetFullPath(options.File);
        _environment = environment;
        _logger = logger;
    }

    /// <summary>The environment variable name for one field of a credential reference.</summary>
    public static string VariableName(string credentialRef, string field)
    {
        var name = new StringBuilder(EnvironmentPrefix);
        foreach (var c in credentialRef)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) ? char.ToUpperInvariant(c) : '_');
        }

        return name.Append('_').Append(field).ToString();
    }

    public async Task<DeviceCredential> GetAsync(string credentialRef, CancellationToken cancellationToken)
    {
        var entries = Load();
        entries.TryGetValue(credentialRef, out var fromFile);

        string? Env(string field) => _environment(VariableName(credentialRef, field)) is { Length: > 0 } v ? v : null;
        var username = Env("USERNAME") ?? fromFile?.Username;
        var password = Env("PASSWORD") ?? fromFile?.Password;
        var apiToken = Env("API_TOKEN") ?? fromFile?.ApiToken;
        var enableSecret = Env("ENABLE_SECRET") ?? fromFile?.EnableSecret;
        var passphrase = Env("PRIVATE_KEY_PASSPHRASE") ?? fromFile?.PrivateKeyPassphrase;
        var keyFile = Env("PRIVATE_KEY_FILE");
        var key = keyFile is null ? fromFile?.PrivateKey : null;
        keyFile ??= key is null ? fromFile?.PrivateKeyFile : null;
        if (keyFile is not null)
        {
            var keyPath = Path.IsPathRooted(keyFile) ? keyFile : Path.Combine(Path.GetDirectoryName(_path)!, keyFile);
            try
            {
                key = await File.ReadAllTextAsync(keyPath, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException($"The private key file of credential '{credentialRef}' ({keyPath}) cannot be read: {ex.Message} Fix the path or its permissions.", ex);
            }
        }

        if (username is null && password is null && key is null && apiToken is null && enableSecret is null)
        {
            throw new CredentialNotFoundException(credentialRef);
        }

        if (username is null && apiToken is null)
        {
            throw new InvalidOperationException($"Credential '{credentialRef}' has a secret but no username; set 'username' in {_path} or {VariableName(credentialRef, "USERNAME")}.");
        }

        Log.Resolved(_logger, credentialRef, fromFile is null ? "environment" : "file");
        return new DeviceCredential(username ?? string.Empty)
        {
            Password = password,
            PrivateKeyPem = key,
            PrivateKeyPassphrase = passphrase,
            ApiToken = apiToken,
            EnableSecret = enableSecret,
        };
    }

    private Dictionary<string, CredentialEntry> Load()
    {
        lock (_gate)
        {
            var info = new FileInfo(_path);
            if (!info.Exists)
            {
                _entries = new(StringComparer.Ordinal);
                _loadedWriteTime = DateTime.MinValue;
                Log.NoFile(_logger, _path);
                return _entries;
            }

            if (info.LastWriteTimeUtc == _loadedWriteTime)
            {
                return _entries;
            }

            if (!OperatingSystem.IsWindows())
            {
                var mode = File.GetUnixFileMode(_path);
                const UnixFileMode Others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                    | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
                if ((mode & Others) != 0)
                {
                    throw new InvalidOperationException($"The credentials file {_path} is readable or writable by group or others; run `chmod 600 {_path}` (owner only) and retry.");
                }
            }

            CredentialFile? file;
            try
            {
                file = JsonSerializer.Deserialize(File.ReadAllBytes(_path), CredentialJsonContext.Default.CredentialFile);
            }
            catch (JsonException ex)
            {
                // Only the position is reported, never content.
                throw new InvalidOperationException($"The credentials file {_path} is not valid JSON (line {ex.LineNumber + 1}); expected {{\"credentials\": {{\"<ref>\": {{\"username\": ..., \"password\": ...}}}}}}.", ex.InnerException);
            }

            _entries = new Dictionary<string, CredentialEntry>(file?.Credentials ?? [], StringComparer.Ordinal);
            _loadedWriteTime = info.LastWriteTimeUtc;
            Log.FileLoaded(_logger, _entries.Count, _path);
            return _entries;
        }
    }
}
