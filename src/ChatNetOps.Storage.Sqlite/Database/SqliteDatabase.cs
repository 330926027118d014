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
/// <para>
/// Checkpoints stay out of the writer's commits. SQLite's own (<c>wal_autocheckpoint</c>, off on the writer) copies the
/// WAL into the file and syncs both inside the COMMIT that crosses 1000 pages: milliseconds to tens of milliseconds in
/// which every write queued meanwhile, a webhook's among them, waits. Instead, after every <see cref="CheckpointEvery"/>
/// committed writes a PASSIVE checkpoint runs on a connection of its own, beside the writer (SQLite lets a checkpoint
/// run while one connection writes); one at a time. Such a checkpoint copies every frame but never lets the WAL start
/// over while writes keep coming (only a write that begins when the WAL is fully copied restarts it), so once a
/// checkpoint finds the WAL at <see cref="WalRestartFrames"/> or more, the writer runs a PASSIVE checkpoint itself the
/// next time nothing is queued: by then it copies only the last few frames, and its next write restarts the WAL
/// (<c>journal_size_limit</c> then cuts the file back). A checkpoint that fails or is busy is left to the next; the WAL
/// only grows meanwhile, nothing committed is at risk. <c>synchronous</c> stays NORMAL.
/// </para>
/// </summary>
internal sealed class SqliteDatabase : IDisposable
{
    private const int MaxBatch = 64;

    /// <summary>The size the WAL file is cut back to when it restarts (64 MiB).</summary>
    private const long WalSizeLimit = 64L * 1024 * 1024;

    private readonly ConcurrentBag<PooledConnection> _readers = [];
    private readonly ConcurrentDictionary<string, QueueSignal> _signals = new(StringComparer.Ordinal);
    private readonly Channel<WriteItem> _writes = Channel.CreateUnbounded<WriteItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly string _connectionString;
    private readonly PooledConnection _writer;
    private readonly Task _writerLoop;
    private readonly Lock _checkpointGate = new();
    private PooledConnection? _checkpointer;
    private Task _checkpoint = Task.CompletedTask;
    private int _writesSinceCheckpoint;
    private volatile bool _restartDue;
    private int _idleReaders;
    private volatile bool _disposed;

    public SqliteDatabase(SqliteStorageOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            throw new InvalidOperationException("Storage:Sqlite:Path is required: set it to the SQLite file to use, or leave it out for the per-user default.");
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

    /// <summary>Committed writes between checkpoints off the writer: a few pages each, so about SQLite's own 1000-page default.</summary>
    internal int CheckpointEvery { get; init; } = 256;

    /// <summary>WAL frames (pages, 4 KiB) past which the writer checkpoints itself when idle, so the WAL can restart (32 MiB).</summary>
    internal long WalRestartFrames { get; init; } = 8192;

    /// <summary>Raised after each checkpoint, on the thread that ran it, while it still holds its connection (for tests).</summary>
    internal event Action<WalCheckpoint>? Checkpointed;

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
        lock (_checkpointGate)
        {
            _checkpointer?.Dispose();
            _checkpointer = null;
        }

        // Whichever connection to the file closes last (the writer or a reader below) checkpoints what is left and removes the WAL.
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
            // Owner-only on Unix: the file holds raw device output (its -wal and -shm files take its mode).
            Files.OwnerOnlyFiles.Ensure(filePath);

            writer = new PooledConnection(connectionString, busyTimeout);
            if (QuickCheck(writer) is { } problem)
            {
                throw SqliteStorageException.For(filePath, $"the integrity check failed (PRAGMA quick_check: {problem})");
            }

            Initialize(writer);
            writer.Execute($"PRAGMA wal_autocheckpoint = 0; PRAGMA journal_size_limit = {WalSizeLimit};");
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

            if (_restartDue && !_writes.Reader.TryPeek(out _))
            {
                // Idle: copy what the last checkpoint could not, so the next write restarts the WAL.
                var idle = Checkpoint(_writer, onWriter: true);
                _restartDue = idle is not { Busy: false } || idle.Value.CheckpointedFrames < idle.Value.LogFrames;
                Raise(idle);
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
        if (_writesSinceCheckpoint >= CheckpointEvery && _checkpoint.IsCompleted)
        {
            _writesSinceCheckpoint = 0;
            _checkpoint = Task.Run(CheckpointOffWriter);
        }
    }

    /// <summary>A checkpoint on the checkpointer's own connection, beside the writer; the next is due after <see cref="CheckpointEvery"/> more writes.</summary>
    private void CheckpointOffWriter()
    {
        lock (_checkpointGate)
        {
            if (_disposed)
            {
                return;
            }

            try
            {
                _checkpointer ??= new PooledConnection(_connectionString, Options.BusyTimeout);
            }
            catch (SqliteException)
            {
                return;
            }

            var result = Checkpoint(_checkpointer, onWriter: false);
            if (result?.LogFrames >= WalRestartFrames)
            {
                _restartDue = true;
            }

            Raise(result);
        }
    }

    /// <summary>
    /// <c>PRAGMA wal_checkpoint(PASSIVE)</c>: copies the frames no reader still needs, never waits for the writer, a
    /// reader or another checkpoint (busy then). Null when it failed: the next one copies what this one did not.
    /// </summary>
    private static WalCheckpoint? Checkpoint(PooledConnection connection, bool onWriter)
    {
        WalCheckpoint result;
        try
        {
            using var reader = connection.Command("PRAGMA wal_checkpoint(PASSIVE);").ExecuteReader();
            reader.Read();
            result = new WalCheckpoint(reader.GetInt32(0) != 0, reader.GetInt64(1), reader.GetInt64(2), onWriter);
        }
        catch (SqliteException)
        {
            return null;
        }

        return result;
    }

    private void Raise(WalCheckpoint? result)
    {
        if (result is { } done)
        {
            Checkpointed?.Invoke(done);
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
