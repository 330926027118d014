namespace ChatNetOps.Storage.Sqlite.Database;

using System.Collections.Concurrent;
using ChatNetOps.Storage.Sqlite.Queues;
using Microsoft.Data.Sqlite;

/// <summary>
/// The one SQLite file behind every store: WAL mode, a busy timeout for other processes, one writer connection
/// guarded by an async lock (SQLite has one writer at a time anyway; waiting here is cheaper than SQLITE_BUSY),
/// and a small pool of reader connections. Every connection keeps its prepared statements.
/// </summary>
internal sealed class SqliteDatabase : IDisposable
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentBag<PooledConnection> _readers = [];
    private readonly ConcurrentDictionary<string, QueueSignal> _signals = new(StringComparer.Ordinal);
    private readonly string _connectionString;
    private readonly PooledConnection _writer;
    private int _idleReaders;
    private volatile bool _disposed;

    public SqliteDatabase(SqliteStorageOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            throw new InvalidOperationException("Storage:Sqlite:Path is required: set it to the SQLite file to use, e.g. data/chatnetops.db.");
        }

        Options = options;
        Time = time;
        FilePath = System.IO.Path.GetFullPath(options.Path);
        var folder = System.IO.Path.GetDirectoryName(FilePath);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = false,
            DefaultTimeout = Math.Max(1, (int)options.BusyTimeout.TotalSeconds),
        }.ToString();

        _writer = new PooledConnection(_connectionString, options.BusyTimeout);
        Initialize(_writer);
    }

    public SqliteStorageOptions Options { get; }

    public TimeProvider Time { get; }

    public string FilePath { get; }

    /// <summary>The writer connection, held exclusively until the lease is disposed.</summary>
    public async ValueTask<ConnectionLease> WriteAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _writeLock.WaitAsync(cancellationToken);
        if (_disposed)
        {
            _writeLock.Release();
            throw new ObjectDisposedException(nameof(SqliteDatabase));
        }

        return new ConnectionLease(this, _writer, isWriter: true);
    }

    /// <summary>A reader connection from the pool; reads see the last committed state (WAL snapshot per statement).</summary>
    public ConnectionLease Read()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_readers.TryTake(out var connection))
        {
            Interlocked.Decrement(ref _idleReaders);
        }
        else
        {
            connection = new PooledConnection(_connectionString, Options.BusyTimeout);
        }

        return new ConnectionLease(this, connection, isWriter: false);
    }

    /// <summary>The in-process wake-up signal of a queue, shared by every queue object over this database.</summary>
    public QueueSignal Signal(string queue) => _signals.GetOrAdd(queue, static _ => new QueueSignal());

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _writeLock.Wait();
        try
        {
            _writer.Dispose();
            while (_readers.TryTake(out var reader))
            {
                reader.Dispose();
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    internal void Return(PooledConnection connection, bool isWriter)
    {
        if (isWriter)
        {
            _writeLock.Release();
            return;
        }

        if (_disposed || Interlocked.Increment(ref _idleReaders) > Options.MaxIdleReadConnections)
        {
            if (!_disposed)
            {
                Interlocked.Decrement(ref _idleReaders);
            }

            connection.Dispose();
            return;
        }

        _readers.Add(connection);
        if (_disposed && _readers.TryTake(out var late))
        {
            late.Dispose();
        }
    }

    private static void Initialize(PooledConnection connection)
    {
        // journal_mode is persistent in the file; setting it again is a no-op.
        connection.Execute("PRAGMA journal_mode = WAL;");
        connection.Execute("BEGIN IMMEDIATE;");
        try
        {
            connection.Execute(SqliteSchema.Create);
            connection.Execute($"PRAGMA user_version = {SqliteSchema.Version};");
            connection.Execute("COMMIT;");
        }
        catch
        {
            connection.Execute("ROLLBACK;");
            throw;
        }
    }
}
