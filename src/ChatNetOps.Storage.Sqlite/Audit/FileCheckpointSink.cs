namespace ChatNetOps.Storage.Sqlite.Audit;

using System.Runtime.CompilerServices;
using ChatNetOps.Core.Audit.Checkpoints;

/// <summary>
/// The embedded checkpoint log: a separate file, one checkpoint per line (record n is line n), only ever appended to.
/// An append takes the exclusive lock of <c>&lt;file&gt;.lock</c> (writers in other processes wait for it; readers do not),
/// counts the lines, and writes the record only when it is the next one, then flushes it to disk. A torn last line (a crash mid-write) stays a line of
/// its own: the next append starts a new line after it, and verification names it. On Unix the log and its lock file are
/// owner-only (600): created so, and tightened when an append opens one that group or others may read or write.
/// </summary>
public sealed class FileCheckpointSink(string path, TimeProvider time) : IAuditCheckpointSink, IDisposable
{
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan LockRetry = TimeSpan.FromMilliseconds(20);

    private readonly string _path = Path.GetFullPath(path);
    private readonly SemaphoreSlim _turn = new(1, 1);

    // What the last append saw, so the next one counts only what was added since (by another process).
    private long _countedLength;
    private long _countedLines;

    public string Description => $"file {_path}";

    public void Dispose() => _turn.Dispose();

    public string FilePath => _path;

    public async Task<bool> TryAppendAsync(long position, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(position, 1);
        if (content.Length == 0 || content.Span[^1] != (byte)'\n' || content.Span[..^1].IndexOf((byte)'\n') >= 0)
        {
            throw new ArgumentException("A checkpoint record is one line ending in a newline.", nameof(content));
        }

        Files.OwnerOnlyFiles.CreateFolderOf(_path);
        await _turn.WaitAsync(cancellationToken);
        try
        {
            await using var writers = await LockAsync(cancellationToken);
            var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.ReadWrite, BufferSize = 1 << 16, Options = FileOptions.Asynchronous };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = Files.OwnerOnlyFiles.File;
            }

            await using var file = new FileStream(_path, options);

            // A log an older version created 644 (before it was made owner-only) is tightened the first time it is written again.
            Files.OwnerOnlyFiles.Tighten(file.SafeFileHandle);
            var lines = await CountLinesAsync(file, cancellationToken);
            if (position <= lines)
            {
                return false;
            }

            if (position > lines + 1)
            {
                throw new InvalidOperationException($"Checkpoint {position} would leave a gap in {_path}, which holds {lines} line(s).");
            }

            file.Seek(0, SeekOrigin.End);
            await file.WriteAsync(content, cancellationToken);
            await file.FlushAsync(cancellationToken);
            file.Flush(flushToDisk: true);
            _countedLength = file.Length;
            _countedLines = lines + 1;
            return true;
        }
        finally
        {
            _turn.Release();
        }
    }

    public async IAsyncEnumerable<CheckpointRecord> ReadAsync(long fromPosition, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!File.Exists(_path))
        {
            yield break;
        }

        await using var file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, useAsync: true);
        long line = 0;
        await foreach (var content in Lines(file, cancellationToken))
        {
            line++;
            if (line >= fromPosition)
            {
                yield return new CheckpointRecord(line, $"line {line} of {_path}", content);
            }
        }
    }

    public async Task<CheckpointRecord?> ReadLastAsync(CancellationToken cancellationToken)
    {
        CheckpointRecord? last = null;
        await foreach (var record in ReadAsync(1, cancellationToken))
        {
            last = record;
        }

        return last;
    }

    /// <summary>Lines of the file (without their newline), a last line without one included; a line longer than a record may be is cut one byte past the limit.</summary>
    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Lines(FileStream file, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 16];
        using var line = new MemoryStream();
        int read;
        while ((read = await file.ReadAsync(buffer, cancellationToken)) > 0)
        {
            var start = 0;
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != (byte)'\n')
                {
                    continue;
                }

                Append(line, buffer.AsSpan(start, i - start));
                yield return line.ToArray();
                line.SetLength(0);
                start = i + 1;
            }

            Append(line, buffer.AsSpan(start, read - start));
        }

        if (line.Length > 0)
        {
            yield return line.ToArray();
        }

        static void Append(MemoryStream line, ReadOnlySpan<byte> bytes)
        {
            // Past the longest record a line is only counted: what was kept is enough to say it is too long.
            var room = AuditCheckpointCodec.MaxRecordBytes + 1 - (int)line.Length;
            line.Write(bytes[..Math.Min(bytes.Length, Math.Max(0, room))]);
        }
    }

    private async Task<FileStream> LockAsync(CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + LockWait;
        while (true)
        {
            try
            {
                // FileShare.None takes the file's exclusive advisory lock on Unix (flock), which other processes honour.
                var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = Files.OwnerOnlyFiles.File;
                }

                var lockFile = new FileStream(_path + ".lock", options);
                Files.OwnerOnlyFiles.Tighten(lockFile.SafeFileHandle);
                return lockFile;
            }
            catch (IOException) when (time.GetUtcNow() < deadline)
            {
                await Task.Delay(LockRetry, time, cancellationToken);
            }
            catch (IOException e)
            {
                throw new IOException($"Another process has held the lock of {_path}.lock for {LockWait.TotalSeconds:N0} s; the checkpoint was not written.", e);
            }
        }
    }

    private async Task<long> CountLinesAsync(FileStream file, CancellationToken cancellationToken)
    {
        var length = file.Length;
        long from = 0;
        long lines = 0;
        if (_countedLength > 0 && length >= _countedLength)
        {
            // Only what was added since the last append (by another process) is counted; a shorter file is counted again.
            from = _countedLength;
            lines = _countedLines;
        }

        file.Seek(from, SeekOrigin.Begin);
        var buffer = new byte[1 << 16];
        int read;
        var last = (byte)'\n';
        while ((read = await file.ReadAsync(buffer, cancellationToken)) > 0)
        {
            var span = buffer.AsSpan(0, read);
            lines += span.Count((byte)'\n');
            last = span[^1];
        }

        if (last != (byte)'\n')
        {
            // A last line without its newline (torn write) is a record; end it so the next one starts on a line of its own.
            file.Seek(0, SeekOrigin.End);
            await file.WriteAsync("\n"u8.ToArray(), cancellationToken);
            lines++;
            length++;
        }

        _countedLength = length;
        _countedLines = lines;
        return lines;
    }
}
