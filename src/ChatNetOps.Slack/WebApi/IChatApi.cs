namespace ChatNetOps.Slack.WebApi;

using ChatNetOps.Slack.BlockKit;
using ChatNetOps.Slack.WebApi.Wire;

/// <summary>chat.* methods.</summary>
internal interface IChatApi
{
    Task<SlackApiResult<MessageResponse>> PostMessageAsync(string channel, SlackMessage message, string? threadTs, CancellationToken cancellationToken);

    Task<SlackApiResult<MessageResponse>> UpdateAsync(string channel, string ts, SlackMessage message, CancellationToken cancellationToken);

    Task<SlackApiResult<EphemeralResponse>> PostEphemeralAsync(string channel, string user, SlackMessage message, string? threadTs, CancellationToken cancellationToken);
}
