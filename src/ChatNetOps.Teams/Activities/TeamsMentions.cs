namespace ChatNetOps.Teams.Activities;

using System.Text.Json.Nodes;
using ChatNetOps.Teams.Connector;

/// <summary>
/// Card-based mentions: a TextBlock holding <c>&lt;at&gt;Name&lt;/at&gt;</c> and, in the card's <c>msteams.entities</c>,
/// a mention entity whose <c>text</c> is exactly that tag and whose <c>mentioned.id</c> is the user's MRI. Teams
/// notifies a mentioned user on web, desktop and mobile; a mention whose text is not in the card is ignored.
/// </summary>
internal static class TeamsMentions
{
    /// <summary>Appends "Approvers: @A, @B" to an approval card. Users without a display name are not mentioned.</summary>
    public static void AddApprovers(JsonObject card, IReadOnlyList<TeamsUser> approvers)
    {
        var named = approvers.Where(a => a.Name is not null && Clean(a.Name).Length > 0).Select(a => (a.Mri, Tag: Tag(a.Name!), Name: Clean(a.Name!))).ToList();
        if (named.Count == 0 || card["body"] is not JsonArray body)
        {
            return;
        }

        body.Add(new JsonObject
        {
            ["type"] = "TextBlock",
            ["text"] = "Approvers: " + string.Join(", ", named.Select(n => n.Tag)),
            ["wrap"] = true,
            ["spacing"] = "Medium",
        });

        if (card["msteams"] is not JsonObject msteams)
        {
            msteams = [];
            card["msteams"] = msteams;
        }

        if (msteams["entities"] is not JsonArray entities)
        {
            entities = [];
            msteams["entities"] = entities;
        }

        foreach (var (mri, tag, name) in named)
        {
            entities.Add(new JsonObject
            {
                ["type"] = "mention",
                ["text"] = tag,
                ["mentioned"] = new JsonObject { ["id"] = mri, ["name"] = name },
            });
        }
    }

    private static string Tag(string name) => $"<at>{Clean(name)}</at>";

    /// <summary>A display name that cannot close or open a tag, or break the markdown around it.</summary>
    private static string Clean(string name)
    {
        var cleaned = new string([.. name.Where(c => c is not ('<' or '>') && !char.IsControl(c))]).Trim();
        return cleaned.Length <= 100 ? cleaned : cleaned[..100];
    }
}
