namespace ChatNetOps.ChangeRecords.Jira;

/// <summary><c>ChangeRecords:Jira</c>. Secrets (ApiToken, BearerToken) come from Key Vault or the environment and are never logged.</summary>
public sealed class JiraOptions
{
    public const string SectionName = "ChangeRecords:Jira";

    /// <summary><c>https://example.atlassian.net</c> (or <c>https://api.atlassian.com/ex/jira/{cloudId}</c> with OAuth).</summary>
    public Uri? BaseUrl { get; set; }

    public string? Email { get; set; }

    public string? ApiToken { get; set; }

    /// <summary>An OAuth 2.0 bearer token; used instead of Email/ApiToken when set.</summary>
    public string? BearerToken { get; set; }

    public string? Project { get; set; }

    public string IssueType { get; set; } = "Task";

    /// <summary>The transition (by name, looked up per issue since ids differ per workflow) applied on incident close.</summary>
    public string CloseTransition { get; set; } = "Done";

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
