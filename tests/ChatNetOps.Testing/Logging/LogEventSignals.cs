namespace ChatNetOps.Testing.Logging;

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

/// <summary>A logger provider that lets a test wait until a log message with a given EventId (and text) is written.</summary>
public sealed class LogEventSignals : ILoggerProvider
{
    private readonly ConcurrentQueue<(int EventId, string Text)> _lines = new();
    private readonly ConcurrentQueue<(Func<int, string, bool> Match, TaskCompletionSource Done)> _waiters = new();

    public IReadOnlyList<(int EventId, string Text)> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Collector(this);

    /// <summary>Completes when a message with <paramref name="eventId"/> whose text contains <paramref name="contains"/> was (or is) logged.</summary>
    public Task WaitForAsync(int eventId, string contains, TimeSpan timeout)
    {
        bool Match(int id, string text) => id == eventId && text.Contains(contains, StringComparison.Ordinal);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiters.Enqueue((Match, done));
        if (_lines.Any(l => Match(l.EventId, l.Text)))
        {
            done.TrySetResult();
        }

        return done.Task.WaitAsync(timeout);
    }

    public void Dispose()
    {
    }

    private void Write(int eventId, string text)
    {
        _lines.Enqueue((eventId, text));
        foreach (var (match, done) in _waiters)
        {
            if (match(eventId, text))
            {
                done.TrySetResult();
            }
        }
    }

    private sealed class Collector(LogEventSignals owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            owner.Write(eventId.Id, formatter(state, exception));
        }
    }
}
