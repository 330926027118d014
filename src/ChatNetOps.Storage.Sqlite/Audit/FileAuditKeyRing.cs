namespace ChatNetOps.Storage.Sqlite.Audit;

using System.Security.Cryptography;
using System.Text;
using ChatNetOps.Core.Audit.Checkpoints;

/// <summary>
/// The embedded checkpoint key: 32 random bytes, base64, in a file beside (not inside) the database, readable and writable
/// by its owner only. Hosts create it on first start (mode 600); the CLI only reads it. A key file that group or others
/// may read is refused, as is one that holds less than 32 bytes. Its id is a fingerprint (<see cref="AuditKey.Fingerprint"/>).
/// </summary>
public sealed class FileAuditKeyRing(string path, bool createIfMissing, TimeProvider time) : IAuditKeyRing, IDisposable
{
    private const int KeyBytes = 32;
    private static readonly TimeSpan TornReadWait = TimeSpan.FromSeconds(2);

    private readonly string _path = Path.GetFullPath(path);
    private readonly SemaphoreSlim _turn = new(1, 1);
    private AuditKey? _key;
    private bool _created;

    public string Description => _created ? $"file {_path} (created on this start, mode 600)" : $"file {_path}";

    public string FilePath => _path;

    public void Dispose() => _turn.Dispose();

    public async Task<AuditKey> GetSigningKeyAsync(CancellationToken cancellationToken)
    {
        if (_key is { } key)
        {
            return key;
        }

        await _turn.WaitAsync(cancellationToken);
        try
        {
            return _key ??= await LoadAsync(cancellationToken);
        }
        finally
        {
            _turn.Release();
        }
    }

    public async Task<AuditKey?> FindAsync(string keyId, CancellationToken cancellationToken)
    {
        var key = await GetSigningKeyAsync(cancellationToken);
        return string.Equals(key.Id, keyId, StringComparison.Ordinal) ? key : null;
    }

    private async Task<AuditKey> LoadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(_path))
        {
            if (!createIfMissing)
            {
                throw new FileNotFoundException($"No audit checkpoint key at {_path}; pass the key file the bot created beside its database (--key PATH).", _path);
            }

            if (TryCreate())
            {
                _created = true;
            }
        }

        // Another process may be writing it this very moment (it was created a moment ago): a short read is retried.
        var deadline = time.GetUtcNow() + TornReadWait;
        while (true)
        {
            CheckMode();
            var text = (await File.ReadAllTextAsync(_path, cancellationToken)).Trim();
            byte[]? material = null;
            try
            {
                material = Convert.FromBase64String(text);
            }
            catch (FormatException)
            {
            }

            if (material is { Length: >= AuditKey.MinimumBytes })
            {
                var key = new AuditKey("file-" + AuditKey.Fingerprint(material), material);
                CryptographicOperations.ZeroMemory(material);
                return key;
            }

            if (time.GetUtcNow() >= deadline)
            {
                throw new InvalidOperationException(
                    $"The audit checkpoint key {_path} does not hold at least {AuditKey.MinimumBytes} base64-encoded bytes. Restore it from a backup: "
                    + "checkpoints made with another key no longer verify.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken);
        }
    }

    private bool TryCreate()
    {
        Files.OwnerOnlyFiles.CreateFolderOf(_path);
        var material = RandomNumberGenerator.GetBytes(KeyBytes);
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var file = new FileStream(_path, options);
            file.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(material) + "\n"));
            file.Flush(flushToDisk: true);
            return true;
        }
        catch (IOException) when (File.Exists(_path))
        {
            // Another process created it first: read theirs.
            return false;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }

    private void CheckMode()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        const UnixFileMode Others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        if ((File.GetUnixFileMode(_path) & Others) != 0)
        {
            throw new InvalidOperationException($"The audit checkpoint key {_path} is readable or writable by group or others; run `chmod 600 {_path}` (owner only) and retry.");
        }
    }
}
