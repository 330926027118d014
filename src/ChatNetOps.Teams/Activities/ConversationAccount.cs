namespace ChatNetOps.Teams.Activities;

/// <summary>The conversation: <c>personal</c>, <c>groupChat</c> or <c>channel</c> (channel ids may carry <c>;messageid=</c>).</summary>
internal sealed record ConversationAccount(string? Id)
{
    public string? Name { get; init; }

    public string? ConversationType { get; init; }

    public string? TenantId { get; init; }

    public bool? IsGroup { get; init; }
}
