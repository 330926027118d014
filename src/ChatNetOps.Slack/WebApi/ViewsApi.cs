namespace ChatNetOps.Slack.WebApi;

using ChatNetOps.Slack.BlockKit;
using ChatNetOps.Slack.WebApi.Wire;

internal sealed class ViewsApi(SlackApiClient client) : IViewsApi
{
    public Task<SlackApiResult<ViewResponse>> OpenAsync(string triggerId, ModalView view, CancellationToken cancellationToken) =>
        client.PostJsonAsync(
            SlackMethods.ViewsOpen,
            new OpenViewRequest(triggerId, view),
            SlackJsonContext.Default.OpenViewRequest,
            SlackJsonContext.Default.ViewResponse,
            scope: null,
            cancellationToken);
}
