namespace ChatNetOps.Teams.Activities;

using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Messages;

/// <summary>Our outbound messages as Teams activities: a card travels alone (its text as the notification summary).</summary>
internal static class OutboundActivities
{
    public static TeamsActivity ToActivity(OutboundMessage message, JsonObject? card) => card is null
        ? new TeamsActivity { Type = ActivityTypes.Message, Text = message.Text, TextFormat = "plain" }
        : new TeamsActivity { Type = ActivityTypes.Message, Summary = Summarize(message.Text), Attachments = [Attachment.AdaptiveCard(card)] };

    private static string Summarize(string text) => text.Length <= 200 ? text : text[..197] + "...";
}
