namespace ChatNetOps.Storage.Sqlite.Database;

using System.Collections.Concurrent;
using System.Threading.Channels;
using ChatNetOps.Storage.Sqlite.Queues;
using Microsoft.Data.Sqlite;

/// <summary>
/// The one SQLite file behind every store: WAL mode, a busy timeout for other processes, a small pool of reader
/// connections, and one writer connection driven by a group-commit loop. Concurrent writes are run one after the
/// other inside a single BEGIN IMMEDIATE ... COMMIT, each in its own savepoint (so one failing write never undoes
/// another), and each caller hears its result only once the batch is committed. SQLite has one writer at a time
/// anyway; sharing the commit is what makes concurrent writers fast.
/// </summary>
internal sealed class SqliteDatabase : IDisposable
{
    private const int MaxBatch = 64;

    private readonly ConcurrentBag<PooledConnection> _readers = [];
    private readonly ConcurrentDictionary<string, QueueSignal> _signals = new(StringComparer.Ordinal);
    private readonly Channel<WriteItem> _writes = Channel.CreateUnbounded<WriteItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly string _connectionString;
    private readonly PooledConnection _writer;
    private readonly Task _writerLoop;
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
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = false,
            DefaultTimeout = Math.Max(1, (int)options.BusyTimeout.TotalSeconds),
        }.ToString();

        _writer = Open(FilePath, _connectionString, options.BusyTimeout);
        _writerLoop = Task.Run(RunWriterAsync);
    }

    public SqliteStorageOptions Options { get; }

    public TimeProvider Time { get; }

    public string FilePath { get; }

    /// <summary>
    /// Runs <paramref name="work"/> on the writer connection inside a transaction shared with other concurrent writes;
    /// the task completes after COMMIT. Work must be synchronous, fast, and must not open transactions itself.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<PooledConnection, T> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var item = new WriteItem<T>(work, cancellationToken);
        ObjectDisposedException.ThrowIf(_disposed || !_writes.Writer.TryWrite(item), this);

        return item.Task;
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

        return new ConnectionLease(this, connection);
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
        _writes.Writer.TryComplete();
        _writerLoop.GetAwaiter().GetResult();
        _writer.Dispose();
        while (_readers.TryTake(out var reader))
        {
            reader.Dispose();
        }
    }

    internal void Return(PooledConnection connection)
    {
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

    /// <summary>
    /// Opens the writer connection and checks the file before anything uses it: it must be a SQLite database whose pages
    /// pass <c>PRAGMA quick_check</c> (every page read once: about a second per GB), then the schema is brought up to date.
    /// Any fault becomes a <see cref="SqliteStorageException"/> naming the file and what is wrong with it.
    /// </summary>
    private static PooledConnection Open(string filePath, string connectionString, TimeSpan busyTimeout)
    {
        PooledConnection? writer = null;
        try
        {
            var folder = System.IO.Path.GetDirectoryName(filePath);
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }

            writer = new PooledConnection(connectionString, busyTimeout);
            if (QuickCheck(writer) is { } problem)
            {
                throw SqliteStorageException.For(filePath, $"the integrity check failed (PRAGMA quick_check: {problem})");
            }

            Initialize(writer);
            return writer;
        }
        catch (Exception error) when (error is SqliteException or IOException or UnauthorizedAccessException)
        {
            writer?.Dispose();
            throw SqliteStorageException.For(filePath, error);
        }
        catch
        {
            writer?.Dispose();
            throw;
        }
    }

    /// <summary>Null when the file passes <c>PRAGMA quick_check</c>, otherwise its first findings.</summary>
    private static string? QuickCheck(PooledConnection connection)
    {
        using var reader = connection.Command("PRAGMA quick_check(3);").ExecuteReader();
        var findings = new List<string>();
        while (reader.Read())
        {
            findings.Add(reader.GetString(0));
        }

        return findings is ["ok"] ? null : string.Join("; ", findings);
    }

    private static void Initialize(PooledConnection connection)
    {
        // journal_mode is persistent in the file; setting it again is a no-op.
        connection.Execute("PRAGMA journal_mode = WAL;");
        connection.Execute("BEGIN IMMEDIATE;");
        try
        {
            var version = Convert.ToInt32(connection.Command("PRAGMA user_version;").ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            connection.Execute(SqliteSchema.Create);
            if (version < 5)
            {
                connection.Execute(SqliteSchema.MoveCardMessages);
            }

            connection.Execute($"PRAGMA user_version = {SqliteSchema.Version};");
            connection.Execute("COMMIT;");
        }
        catch
        {
            connection.Execute("ROLLBACK;");
            throw;
        }
    }

    private async Task RunWriterAsync()
    {
        var batch = new List<WriteItem>(MaxBatch);
        var done = new List<WriteItem>(MaxBatch);
        while (await _writes.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _writes.Reader.TryRead(out var item))
            {
                if (item.IsCancelled)
                {
                    item.Cancel();
                }
                else
                {
                    batch.Add(item);
                }
            }

            if (batch.Count > 0)
            {
                ExecuteBatch(batch, done);
            }
        }
    }

    private void ExecuteBatch(List<WriteItem> batch, List<WriteItem> done)
    {
        done.Clear();
        try
        {
            _writer.Execute("BEGIN IMMEDIATE;");
        }
        catch (Exception error)
        {
            batch.ForEach(item => item.Fail(error));
            return;
        }

        var single = batch.Count == 1;
        foreach (var item in batch)
        {
            try
            {
                if (!single)
                {
                    _writer.Execute("SAVEPOINT write_item;");
                }

                item.Run(_writer);
                if (!single)
                {
                    _writer.Execute("RELEASE write_item;");
                }

                done.Add(item);
            }
            catch (Exception error)
            {
                if (single)
                {
                    TryExecute("ROLLBACK;");
                    item.Fail(error);
                    return;
                }

                TryExecute("ROLLBACK TO write_item; RELEASE write_item;");
                item.Fail(error);
            }
        }

        try
        {
            _writer.Execute("COMMIT;");
        }
        catch (Exception error)
        {
            TryExecute("ROLLBACK;");
            done.ForEach(item => item.Fail(error));
            return;
        }

        done.ForEach(item => item.Publish());
    }

    private void TryExecute(string sql)
    {
        try
        {
            _writer.Execute(sql);
        }
        catch (SqliteException)
        {
            // The transaction is already gone (SQLite rolls back on some errors by itself).
        }
    }
}
