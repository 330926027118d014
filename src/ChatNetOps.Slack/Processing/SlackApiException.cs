namespace ChatNetOps.Slack.Processing;

/// <summary>A Web API call the caller cannot do without failed; <see cref="Error"/> is Slack's error code.</summary>
public sealed class SlackApiException : Exception
{
    public SlackApiException()
    {
        Method = string.Empty;
        Error = string.Empty;
    }

    public SlackApiException(string message)
        : base(message)
    {
        Method = string.Empty;
        Error = string.Empty;
    }

    public SlackApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Method = string.Empty;
        Error = string.Empty;
    }

    public SlackApiException(string method, string error)
        : base($"Slack {method} failed: {error}. See https://api.slack.com/methods/{method} for what '{error}' means.")
    {
        Method = method;
        Error = error;
    }

    public string Method { get; }

    public string Error { get; }
}
