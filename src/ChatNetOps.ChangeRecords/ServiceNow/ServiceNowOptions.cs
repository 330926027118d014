namespace ChatNetOps.ChangeRecords.ServiceNow;

/// <summary><c>ChangeRecords:ServiceNow</c>. Secrets (Password, ClientSecret) come from Key Vault or the environment and are never logged.</summary>
public sealed class ServiceNowOptions
{
    public const string SectionName = "ChangeRecords:ServiceNow";

    /// <summary><c>https://example.service-now.com</c>.</summary>
    public Uri? InstanceUrl { get; set; }

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>OAuth client credentials (<c>/oauth_token.do</c>); used instead of Username/Password when set.</summary>
    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>The assignment group's sys_id (or name, with the instance resolving display values).</summary>
    public string? AssignmentGroup { get; set; }

    /// <summary><c>emergency</c> (default), <c>normal</c> or <c>standard</c>.</summary>
    public string ChangeType { get; set; } = "emergency";

    /// <summary>The standard change template (<c>std_change_producer_version</c> sys_id), required for <c>standard</c>.</summary>
    public string? StandardTemplate { get; set; }

    /// <summary>Use the Table API only (instances without the Change Management API); otherwise it is the fallback after a 404.</summary>
    public bool TableApiOnly { get; set; }

    /// <summary>The <c>state</c> written on close (legacy Closed = 3); empty to leave the state to the change model.</summary>
    public string? CloseState { get; set; } = "3";

    /// <summary>Planned end = planned start + this.</summary>
    public TimeSpan PlannedDuration { get; set; } = TimeSpan.FromHours(4);

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    internal bool UsesOAuth => !string.IsNullOrEmpty(ClientId);
}
