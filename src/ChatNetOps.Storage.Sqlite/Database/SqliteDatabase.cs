namespace ChatNetOps.Storage.Sqlite.Database;

using System.Collections.Concurrent;
using ChatNetOps.Storage.Sqlite.Queues;
using Microsoft.Data.Sqlite;

/// <summary>
/// The one SQLite file behind every store: WAL mode, a busy timeout for other processes, a small pool of reader
/// connections, and one writer connection driven by a group-commit loop. Concurrent writes are run one after the
/// other inside a single BEGIN IMMEDIATE ... COMMIT, each in its own savepoint (so one failing write never undoes
/// another), and each caller hears its result only once the batch is committed. SQLite has one writer at a time
/// anyway; sharing the commit is what makes concurrent writers fast. The loop has a thread of its own, woken directly
/// by the first write that arrives: a write never waits behind the thread pool's queue (which a busy host fills) to be
/// started, and the synchronous SQLite calls never hold a pool thread. The writer never checkpoints (its
/// <c>wal_autocheckpoint</c> is off): copying the WAL into the file and syncing it takes tens of milliseconds on a busy
/// disk, and every write queued meanwhile would wait for it. A checkpointer thread with its own connection runs a
/// PASSIVE checkpoint after every <see cref="CheckpointEvery"/> committed writes instead, while the writer goes on
/// appending to the WAL (SQLite lets one checkpoint run beside one writer).
/// </summary>
internal sealed class SqliteDatabase : IDisposable
{
    private const int MaxBatch = 64;

    /// <summary>Committed writes between checkpoints: a few pages each, so about SQLite's own 1000-page default.</summary>
    internal const int CheckpointEvery = 256;

    private readonly ConcurrentBag<PooledConnection> _readers = [];
    private readonly ConcurrentDictionary<string, QueueSignal> _signals = new(StringComparer.Ordinal);
    private readonly BlockingCollection<WriteItem> _writes = new(new ConcurrentQueue<WriteItem>());
    private readonly string _connectionString;
    private readonly PooledConnection _writer;
    private readonly Task _writerLoop;
    private readonly SemaphoreSlim _checkpointDue = new(0, 1);
    private readonly Task _checkpointLoop;
    private int _writesSinceCheckpoint;
    private int _checkpoints;
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
        _writerLoop = Task.Factory.StartNew(RunWriter, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        _checkpointLoop = Task.Factory.StartNew(RunCheckpointer, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public SqliteStorageOptions Options { get; }

    public TimeProvider Time { get; }

    public string FilePath { get; }

    /// <summary>How many checkpoints the checkpointer has completed (for tests).</summary>
    internal int Checkpoints => Volatile.Read(ref _checkpoints);

    /// <summary>
    /// Runs <paramref name="work"/> on the writer connection inside a transaction shared with other concurrent writes;
    /// the task completes after COMMIT. Work must be synchronous, fast, and must not open transactions itself.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<PooledConnection, T> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var item = new WriteItem<T>(work, cancellationToken);
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            _writes.Add(item, CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            // Disposed meanwhile: the loop takes no more writes.
            throw new ObjectDisposedException(nameof(SqliteDatabase));
        }

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
        _writes.CompleteAdding();
        _writerLoop.GetAwaiter().GetResult();
        if (_checkpointDue.CurrentCount == 0)
        {
            _checkpointDue.Release();
        }

        _checkpointLoop.GetAwaiter().GetResult();
        _checkpointDue.Dispose();
        _writes.Dispose();
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
            writer.Execute("PRAGMA wal_autocheckpoint = 0;");
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

    /// <summary>Takes what is queued (blocking while nothing is), up to <see cref="MaxBatch"/> writes, and commits them together.</summary>
    private void RunWriter()
    {
        var batch = new List<WriteItem>(MaxBatch);
        var done = new List<WriteItem>(MaxBatch);
        while (_writes.TryTake(out var first, Timeout.Infinite))
        {
            batch.Clear();
            var item = first;
            do
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
            while (batch.Count < MaxBatch && _writes.TryTake(out item));

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
        _writesSinceCheckpoint += done.Count;
        if (_writesSinceCheckpoint >= CheckpointEvery)
        {
            _writesSinceCheckpoint = 0;
            if (_checkpointDue.CurrentCount == 0)
            {
                _checkpointDue.Release();
            }
        }
    }

    /// <summary>
    /// Runs a PASSIVE checkpoint (it never waits for readers or the writer) each time the writer asks for one, on a
    /// connection of its own. One that cannot run now (another process is checkpointing) is left to the next; SQLite
    /// also checkpoints when the last connection to the file closes.
    /// </summary>
    private void RunCheckpointer()
    {
        using var connection = new PooledConnection(_connectionString, Options.BusyTimeout);
        while (true)
        {
            _checkpointDue.Wait();
            if (_disposed)
            {
                return;
            }

            try
            {
                connection.Execute("PRAGMA wal_checkpoint(PASSIVE);");
                Interlocked.Increment(ref _checkpoints);
            }
            catch (SqliteException)
            {
                // Busy or failed: the WAL only grows until the next checkpoint; nothing committed is at risk.
            }
        }
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
