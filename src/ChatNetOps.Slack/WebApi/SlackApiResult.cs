namespace ChatNetOps.Slack.WebApi;

/// <summary>
/// A Web API call's outcome: the answer, or Slack's error code (<c>channel_not_found</c>, <c>not_in_channel</c>,
/// <c>expired_trigger_id</c>, <c>ratelimited</c>…) or one of ours (<c>http_503</c>, <c>network_error</c>, <c>invalid_response</c>).
/// </summary>
internal sealed record SlackApiResult<T>(string Method, T? Value, string? Error)
    where T : class
{
    public bool IsOk => Error is null && Value is not null;

    public static SlackApiResult<T> Success(string method, T value) => new(method, value, null);

    public static SlackApiResult<T> Failure(string method, string error) => new(method, null, error);

    public override string ToString() => IsOk ? $"{Method}: ok" : $"{Method}: {Error}";
}
