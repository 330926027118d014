namespace ChatNetOps.Execution.Ssh;

using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using ChatNetOps.Core.Execution;
using Renci.SshNet;

/// <summary>
/// An interactive CLI session on a pty: a pump thread copies the shell's bytes into a channel, and readers wait on that
/// channel with a cancellation token, so a device that hangs never blocks a caller. Disposing the shell ends the pump.
/// </summary>
internal sealed partial class InteractiveShell : IDisposable
{
    private readonly SshClient _client;
    private readonly ShellStream _stream;
    private readonly ShellDialect _dialect;
    private readonly int _maxChars;
    private readonly Channel<string> _incoming = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly StringBuilder _buffer = new();
    private Regex? _prompt;
    private int _disposed;
    private bool _broken;

    private InteractiveShell(SshClient client, ShellStream stream, ShellDialect dialect, int maxChars)
    {
        _client = client;
        _stream = stream;
        _dialect = dialect;
        _maxChars = maxChars;

        // A dropped TCP connection does not always close the channel: end the reads on any of these signals.
        _stream.Closed += OnConnectionLost;
        _stream.ErrorOccurred += OnConnectionLost;
        _client.ErrorOccurred += OnConnectionLost;
        _ = Task.Factory.StartNew(Pump, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>The hostname learned from the first prompt.</summary>
    public string? Hostname { get; private set; }

    /// <summary>The prompt the device is waiting at, e.g. <c>fw-edge-01 (root) # </c>.</summary>
    public string CurrentPrompt { get; private set; } = string.Empty;

    /// <summary>The bracketed context of the current prompt: IOS config mode or FortiOS VDOM; null at the top level.</summary>
    public string? CurrentContext { get; private set; }

    /// <summary>True once a read was interrupted or the channel closed: the session's state is unknown.</summary>
    public bool IsBroken
    {
        get => _broken || _incoming.Reader.Completion.IsCompleted;
        private set => _broken = value;
    }

    /// <summary>Opens a shell on a pty and reads up to the first prompt.</summary>
    public static async Task<InteractiveShell> OpenAsync(SshClient client, ShellDialect dialect, int terminalWidth, int maxChars, CancellationToken cancellationToken)
    {
        // CreateShellStream blocks on the server's replies; run it off the caller so the token still applies.
        var open = Task.Run(() => client.CreateShellStream("vt100", (uint)terminalWidth, 1000, 0, 0, 64 * 1024), CancellationToken.None);
        ShellStream stream;
        try
        {
            stream = await open.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            _ = open.ContinueWith(t => t.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            throw;
        }

        var shell = new InteractiveShell(client, stream, dialect, maxChars);
        try
        {
            await shell.ReadUntilAsync(alternative: null, cancellationToken);
            return shell;
        }
        catch
        {
            shell.Dispose();
            throw;
        }
    }

    /// <summary>Sends one command and reads its output up to the next prompt, answering the pager on the way.</summary>
    /// <returns>The prompt and command as sent, and the device's output without the echo.</returns>
    public async Task<(string Header, string Output)> RunAsync(string command, CancellationToken cancellationToken)
    {
        var (header, output, _) = await RunUntilAsync(command, alternative: null, cancellationToken);
        return (header, output);
    }

    /// <summary>
    /// Sends one runbook command and reads its output up to the next prompt, watching for device questions: the
    /// declared one is answered once; any other question that stays unanswered at the end of the output for
    /// <see cref="QuestionWatch.Grace"/> throws <see cref="DeviceQuestionException"/> and marks the session broken, so
    /// nothing further is sent on it.
    /// </summary>
    /// <returns>The prompt and command as sent, the output without the echo, and the question line that was answered.</returns>
    public async Task<(string Header, string Output, string? Answered)> RunCommandAsync(string command, QuestionWatch watch, CancellationToken cancellationToken)
    {
        var header = CurrentPrompt + command + "\n";
        try
        {
            Send(command + "\n");
            var (raw, _) = await ReadUntilAsync(alternative: null, cancellationToken, watch);
            return (header, StripEcho(Normalize(raw), command), watch.Answered);
        }
        catch (DeviceQuestionException ex)
        {
            IsBroken = true;
            throw new DeviceQuestionException(ex.Question, header + StripEcho(Normalize(ex.PartialTranscript), command), ex.AfterAnswer);
        }
        catch (Exception ex) when (IsInterruption(ex))
        {
            var received = TakeBuffered();
            throw Interrupted(ex, header + StripEcho(Normalize(received), command), received.Length == 0);
        }
    }

    /// <summary>
    /// Sends one command and reads up to the next prompt or, when <paramref name="alternative"/> matches the end of the
    /// output first (a <c>Password:</c> question), up to that; <c>Alternative</c> says which one ended the read.
    /// </summary>
    public async Task<(string Header, string Output, bool Alternative)> RunUntilAsync(string command, Regex? alternative, CancellationToken cancellationToken)
    {
        var header = CurrentPrompt + command + "\n";
        try
        {
            Send(command + "\n");
            var (raw, matched) = await ReadUntilAsync(alternative, cancellationToken);
            return (header, StripEcho(Normalize(raw), command), matched);
        }
        catch (Exception ex) when (IsInterruption(ex))
        {
            var received = TakeBuffered();
            throw Interrupted(ex, header + StripEcho(Normalize(received), command), received.Length == 0);
        }
    }

    /// <summary>
    /// Answers a question the device asked (a password) and reads up to the prompt or <paramref name="alternative"/>.
    /// The answer never appears in what this returns or in an interruption's partial transcript, even if the device
    /// echoes it.
    /// </summary>
    public async Task<(string Output, bool Alternative)> AnswerSecretAsync(string secret, Regex alternative, CancellationToken cancellationToken)
    {
        try
        {
            Send(secret + "\n");
            var (raw, matched) = await ReadUntilAsync(alternative, cancellationToken);
            return (Hide(raw, secret), matched);
        }
        catch (Exception ex) when (IsInterruption(ex))
        {
            var received = TakeBuffered();
            throw Interrupted(ex, Hide(received, secret), received.Length == 0);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        IsBroken = true;
        _client.ErrorOccurred -= OnConnectionLost;
        try
        {
            _stream.Dispose();
        }
        catch (Exception ex) when (ex is ObjectDisposedException or Renci.SshNet.Common.SshException or IOException)
        {
            // Already gone with the connection.
        }
    }

    /// <summary>Text seen since the last prompt (partial output of an interrupted command).</summary>
    private string TakeBuffered()
    {
        while (_incoming.Reader.TryRead(out var chunk))
        {
            _buffer.Append(chunk);
        }

        var text = _buffer.ToString();
        _buffer.Clear();
        return text;
    }

    private void Send(string text)
    {
        if (IsBroken)
        {
            throw new CommandInterruptedException(string.Empty, "the session is broken");
        }

        _stream.Write(text);
        _stream.Flush();
    }

    private static bool IsInterruption(Exception ex) =>
        ex is OperationCanceledException or CommandInterruptedException or ObjectDisposedException or Renci.SshNet.Common.SshException or IOException;

    /// <summary>Text the device sent around a secret it was given, with the secret (if echoed) replaced.</summary>
    private static string Hide(string raw, string secret)
    {
        if (secret.Length == 0)
        {
            return Normalize(raw);
        }

        var text = Normalize(raw.Replace(secret, OutputRedactor.Placeholder, StringComparison.Ordinal));
        return text.Replace(secret, OutputRedactor.Placeholder, StringComparison.Ordinal);
    }

    private CommandInterruptedException Interrupted(Exception ex, string partial, bool nothingReceived)
    {
        IsBroken = true;
        var reason = ex switch
        {
            OperationCanceledException => "interrupted before the prompt returned",
            CommandInterruptedException cie => cie.Message,
            _ => "the SSH channel closed before the prompt returned",
        };
        return new CommandInterruptedException(partial, reason, ex) { NothingReceived = nothingReceived };
    }

    private async Task<(string Text, bool Alternative)> ReadUntilAsync(Regex? alternative, CancellationToken cancellationToken, QuestionWatch? questions = null)
    {
        while (true)
        {
            string? asked = null;
            var tailStart = Math.Max(0, _buffer.Length - 512);
            var tail = _buffer.ToString(tailStart, _buffer.Length - tailStart);

            var more = _dialect.More.Match(tail);
            if (more.Success)
            {
                // Read-only runs never change the device's paging config: page through with a space instead.
                _buffer.Remove(tailStart + more.Index, more.Length);
                if (questions is not null)
                {
                    questions.Seen = Math.Min(questions.Seen, _buffer.Length);
                }

                Send(" ");
            }
            else
            {
                var prompt = (_prompt ?? _dialect.AnyPrompt).Match(tail);
                if (prompt.Success)
                {
                    if (_prompt is null)
                    {
                        Hostname = prompt.Groups["host"].Value;
                        _prompt = _dialect.PromptForHost(Hostname);
                    }

                    CurrentPrompt = prompt.Groups["prompt"].Value;
                    CurrentContext = prompt.Groups["ctx"].Success ? prompt.Groups["ctx"].Value : null;
                    var text = _buffer.ToString(0, tailStart + prompt.Index);
                    _buffer.Clear();
                    return (text, false);
                }

                var question = alternative?.Match(tail);
                if (question is { Success: true })
                {
                    var text = _buffer.ToString(0, tailStart + question.Index);
                    _buffer.Clear();
                    return (text, true);
                }

                if (questions is not null && _buffer.Length > questions.Seen && DeviceQuestions.TrailingLine(tail) is { Length: > 0 } line)
                {
                    // Judged once per new output; a question just answered is not looked at again until the device replies.
                    questions.Seen = _buffer.Length;
                    if (questions.TryAnswer(line) is { } answer)
                    {
                        Send(answer + "\n");
                    }
                    else if (DeviceQuestions.IsQuestion(line))
                    {
                        asked = line;
                    }
                }
            }

            if (_buffer.Length > _maxChars)
            {
                throw new CommandInterruptedException(string.Empty, $"output exceeded {_maxChars} characters");
            }

            string chunk;
            try
            {
                chunk = asked is null
                    ? await _incoming.Reader.ReadAsync(cancellationToken)
                    : await ReadOrQuestionAsync(asked, questions!, cancellationToken);
            }
            catch (ChannelClosedException ex)
            {
                IsBroken = true;
                throw new CommandInterruptedException(string.Empty, "the SSH channel closed before the prompt returned", ex);
            }

            _buffer.Append(chunk);
        }
    }

    /// <summary>The next chunk if it comes within the grace period; otherwise the device is waiting for an answer.</summary>
    private async Task<string> ReadOrQuestionAsync(string asked, QuestionWatch questions, CancellationToken cancellationToken)
    {
        using var grace = new CancellationTokenSource(questions.Grace, questions.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, grace.Token);
        try
        {
            return await _incoming.Reader.ReadAsync(linked.Token);
        }
        catch (OperationCanceledException) when (grace.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var received = _buffer.ToString();
            _buffer.Clear();
            throw new DeviceQuestionException(asked, received, afterAnswer: questions.Answered is not null);
        }
    }

    private void OnConnectionLost(object? sender, EventArgs e)
    {
        // Let the pump take what the stream still holds, then end readers.
        var spin = new SpinWait();
        for (var i = 0; i < 200 && _stream.DataAvailable; i++)
        {
            spin.SpinOnce();
        }

        _incoming.Writer.TryComplete();
    }

    private void Pump()
    {
        var bytes = new byte[16 * 1024];
        var chars = new char[Encoding.UTF8.GetMaxCharCount(bytes.Length)];
        var decoder = Encoding.UTF8.GetDecoder();
        try
        {
            while (true)
            {
                var n = _stream.Read(bytes, 0, bytes.Length);
                if (n == 0)
                {
                    break;
                }

                var c = decoder.GetChars(bytes, 0, n, chars, 0);
                if (c > 0)
                {
                    _incoming.Writer.TryWrite(new string(chars, 0, c));
                }
            }
        }
        catch (Exception ex) when (ex is ObjectDisposedException or Renci.SshNet.Common.SshException or IOException or InvalidOperationException)
        {
            // The channel or the connection went away; readers see the channel complete.
        }
        finally
        {
            _incoming.Writer.TryComplete();
        }
    }

    /// <summary>Newlines to <c>\n</c>, terminal escapes removed, carriage-return overwrites (pager erase) applied.</summary>
    internal static string Normalize(string raw)
    {
        if (raw.Length == 0)
        {
            return raw;
        }

        var text = AnsiEscape().Replace(raw, string.Empty).Replace("\r\n", "\n", StringComparison.Ordinal);
        if (!text.Contains('\r', StringComparison.Ordinal))
        {
            return text;
        }

        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var cr = line.LastIndexOf('\r');
            lines[i] = cr >= 0 ? line[(cr + 1)..] : line;
        }

        return string.Join('\n', lines);
    }

    private static string StripEcho(string output, string command)
    {
        var nl = output.IndexOf('\n', StringComparison.Ordinal);
        var first = nl >= 0 ? output[..nl] : output;
        if (first.Trim().EndsWith(command.Trim(), StringComparison.Ordinal))
        {
            return nl >= 0 ? output[(nl + 1)..] : string.Empty;
        }

        return output;
    }

    [GeneratedRegex(@"\x1B(?:\[[0-9;?]*[ -/]*[@-~]|[@-Z\\-_])", RegexOptions.CultureInvariant)]
    private static partial Regex AnsiEscape();
}
