namespace ChatNetOps.Slack.WebApi;

using ChatNetOps.Slack.BlockKit;
using ChatNetOps.Slack.WebApi.Wire;

internal sealed class ChatApi(SlackApiClient client) : IChatApi
{
    public Task<SlackApiResult<MessageResponse>> PostMessageAsync(string channel, SlackMessage message, string? threadTs, CancellationToken cancellationToken) =>
        client.PostJsonAsync(
            SlackMethods.PostMessage,
            new PostMessageRequest(channel, message.Text, message.Blocks) { ThreadTs = threadTs },
            SlackJsonContext.Default.PostMessageRequest,
            SlackJsonContext.Default.MessageResponse,
            scope: channel,
            cancellationToken);

    public Task<SlackApiResult<MessageResponse>> UpdateAsync(string channel, string ts, SlackMessage message, CancellationToken cancellationToken) =>
        client.PostJsonAsync(
            SlackMethods.Update,
            new UpdateMessageRequest(channel, ts, message.Text, message.Blocks),
            SlackJsonContext.Default.UpdateMessageRequest,
            SlackJsonContext.Default.MessageResponse,
            scope: null,
            cancellationToken);

    public Task<SlackApiResult<EphemeralResponse>> PostEphemeralAsync(string channel, string user, SlackMessage message, string? threadTs, CancellationToken cancellationToken) =>
        client.PostJsonAsync(
            SlackMethods.PostEphemeral,
            new PostEphemeralRequest(channel, user, message.Text, message.Blocks) { ThreadTs = threadTs },
            SlackJsonContext.Default.PostEphemeralRequest,
            SlackJsonContext.Default.EphemeralResponse,
            scope: null,
            cancellationToken);
}
