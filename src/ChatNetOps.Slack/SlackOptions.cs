namespace ChatNetOps.Slack;

using System.ComponentModel.DataAnnotations;

/// <summary>
/// The Slack channel (section <c>Slack</c>). Secrets come from user secrets, environment variables
/// (<c>Slack__SigningSecret</c>, <c>Slack__BotToken</c>, <c>Slack__AppToken</c>) or Key Vault; never from appsettings.json.
/// </summary>
public sealed class SlackOptions : IValidatableObject
{
    public const string SectionName = "Slack";

    /// <summary>Turns the Slack channel on. Also on when <see cref="SigningSecret"/> is set and this is not explicitly false.</summary>
    public bool Enabled { get; set; }

    /// <summary>The app's signing secret (Basic Information → App Credentials). Every inbound request is verified with it.</summary>
    public string? SigningSecret { get; set; }

    /// <summary>The bot user OAuth token (<c>xoxb-…</c>) used for the Web API.</summary>
    public string? BotToken { get; set; }

    /// <summary>An app-level token (<c>xapp-…</c>, scope <c>connections:write</c>); required for Socket Mode.</summary>
    public string? AppToken { get; set; }

    /// <summary>The Web API base URL; tests point it at a local fake.</summary>
    [Required]
    public Uri ApiBaseUrl { get; set; } = new("https://slack.com/api/");

    /// <summary>Receive events over a WebSocket (apps.connections.open) instead of public HTTP endpoints.</summary>
    public bool SocketMode { get; set; }

    /// <summary>
    /// The workspaces (team ids, <c>T…</c>) whose users may be matched to policy members by email. A user of any
    /// other workspace (a Slack Connect guest), or with an unconfirmed email, is matched only by Slack user id.
    /// Empty: nobody is matched by email.
    /// </summary>
    public IList<string> AllowedTeams { get; } = [];

    /// <summary>How long a users.info answer (email, display name) is reused.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan UserCacheDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The oldest request timestamp accepted (Slack recommends 5 minutes).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan SignatureTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How many Slack payloads are processed at once off the request path. Work waiting only for a rate tier's pace
    /// (a busy channel's chat.postMessage) does not count: it gives its slot back while it waits.
    /// </summary>
    [Range(1, 256)]
    public int Concurrency { get; set; } = 16;

    /// <summary>
    /// How many taken pieces of work one host holds at most, processing or waiting for a pace; the rest stay on the
    /// durable queue for this host or another replica.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxPendingWork { get; set; } = 2_000;

    /// <summary>
    /// How long a host's hold on queued work lasts without being renewed (it renews while it works): after a host dies,
    /// its unfinished work goes to another replica, or to the restarted host, this long after its last renewal.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan WorkLockDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long acknowledged work stays worth processing: after this (e.g. every host was down) it is dead-lettered
    /// unprocessed. Slack's response_url, which answers a slash command, lasts 30 minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan WorkLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a modal form opened from a card button stays available.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan FormLifetime { get; set; } = TimeSpan.FromHours(2);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(SigningSecret))
        {
            yield return new ValidationResult(
                "Slack:SigningSecret is required when the Slack channel is enabled. Copy the Signing Secret from your Slack app's "
                + "Basic Information page into user secrets (dotnet user-secrets set Slack:SigningSecret <value>) or the environment "
                + "variable Slack__SigningSecret, or set Slack:Enabled=false.",
                [nameof(SigningSecret)]);
        }

        if (string.IsNullOrWhiteSpace(BotToken))
        {
            yield return new ValidationResult(
                "Slack:BotToken is required when the Slack channel is enabled. Install the app to your workspace and copy the Bot "
                + "User OAuth Token (xoxb-…) from OAuth & Permissions into Slack__BotToken or user secrets, or set Slack:Enabled=false.",
                [nameof(BotToken)]);
        }

        if (SocketMode && string.IsNullOrWhiteSpace(AppToken))
        {
            yield return new ValidationResult(
                "Slack:AppToken is required when Slack:SocketMode is true. Create an app-level token with the connections:write scope "
                + "(Basic Information → App-Level Tokens) and put it in Slack__AppToken, or set Slack:SocketMode=false.",
                [nameof(AppToken)]);
        }

        if (!ApiBaseUrl.IsAbsoluteUri || !ApiBaseUrl.AbsoluteUri.EndsWith('/'))
        {
            yield return new ValidationResult(
                $"Slack:ApiBaseUrl must be an absolute URL ending in '/' (e.g. https://slack.com/api/); got '{ApiBaseUrl}'.",
                [nameof(ApiBaseUrl)]);
        }
    }
}
