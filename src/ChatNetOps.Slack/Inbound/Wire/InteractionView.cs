namespace ChatNetOps.Slack.Inbound.Wire;

/// <summary>The submitted modal.</summary>
internal sealed record InteractionView(string Id)
{
    public string? Hash { get; init; }

    public string? CallbackId { get; init; }

    public string? PrivateMetadata { get; init; }

    public ViewState? State { get; init; }
}
