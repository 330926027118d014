namespace ChatNetOps.Core.ChangeRecords;

/// <summary>
/// A delivery that did not happen. <see cref="Transient"/> failures are retried with backoff (after
/// <see cref="RetryAfter"/> when the remote system asked for it); permanent ones go to the dead-letter list. The
/// message is shown to operators (<c>chatnetops changes dead</c>): it never carries a secret.
/// </summary>
public sealed class ChangeRecordException : Exception
{
    public ChangeRecordException()
    {
    }

    public ChangeRecordException(string message)
        : base(message)
    {
    }

    public ChangeRecordException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ChangeRecordException(string message, bool transient, TimeSpan? retryAfter = null)
        : base(message)
    {
        Transient = transient;
        RetryAfter = retryAfter;
    }

    public bool Transient { get; }

    public TimeSpan? RetryAfter { get; }
}
