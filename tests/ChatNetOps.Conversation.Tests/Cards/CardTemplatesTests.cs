using ChatNetOps.Conversation.Cards;
using ChatNetOps.Conversation.Cards.Templating;

namespace ChatNetOps.Conversation.Tests.Cards;

public sealed class CardTemplatesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cards-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Load_FromRepository_HasEveryCardAndRendersSampleData()
    {
        var templates = CardTemplates.Load(RepoPaths.CardsDirectory);
        Assert.Equal(CardNames.All.Order(StringComparer.Ordinal), templates.Names);
        foreach (var name in CardNames.All)
        {
            var card = templates.Render(name, CardDataSets.SampleData(name));
            Assert.Equal("AdaptiveCard", (string?)card["type"]);
            Assert.Equal("1.5", (string?)card["version"]);
        }
    }

    [Fact]
    public void Load_Default_FindsTemplatesCopiedToOutput()
    {
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "cards", "help.json")));
        Assert.False(File.Exists(Path.Combine(AppContext.BaseDirectory, "cards", "help.data.json")));
        Assert.Equal(CardNames.All.Count, CardTemplates.Load().Names.Count);
    }

    [Fact]
    public void EveryTemplate_HasSampleData_AndSchemaVersion15()
    {
        foreach (var name in CardNames.All)
        {
            var template = CardDataSets.Template(name);
            Assert.Equal("http://adaptivecards.io/schemas/adaptive-card.json", (string?)template["$schema"]);
            Assert.Equal("1.5", (string?)template["version"]);
            Assert.True(File.Exists(Path.Combine(RepoPaths.CardsDirectory, name + ".data.json")), name);
        }
    }

    [Fact]
    public void Render_UnknownName_ListsKnownOnes()
    {
        var templates = CardTemplates.Load(RepoPaths.CardsDirectory);
        var ex = Assert.Throws<KeyNotFoundException>(() => templates.Render("nope", null));
        Assert.Contains("help", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MalformedBinding_NamesTemplateAndExpression()
    {
        CopyRepositoryCards();
        File.WriteAllText(Path.Combine(_dir, "help.json"), """{"type":"AdaptiveCard","body":[{"type":"TextBlock","text":"${if(a,}"}]}""");
        var ex = Assert.Throws<TemplateException>(() => CardTemplates.Load(_dir));
        Assert.Contains("'help'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("${if(a,}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_InvalidJson_SaysWhichFile()
    {
        CopyRepositoryCards();
        File.WriteAllText(Path.Combine(_dir, "timeline.json"), "{ not json");
        var ex = Assert.Throws<TemplateException>(() => CardTemplates.Load(_dir));
        Assert.Contains("timeline", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingCard_SaysWhichOne()
    {
        CopyRepositoryCards();
        File.Delete(Path.Combine(_dir, "expired.json"));
        var ex = Assert.Throws<TemplateException>(() => CardTemplates.Load(_dir));
        Assert.Contains("expired.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingDirectory_Throws() =>
        Assert.Throws<DirectoryNotFoundException>(() => CardTemplates.Load(Path.Combine(_dir, "absent")));

    private void CopyRepositoryCards()
    {
        foreach (var file in Directory.EnumerateFiles(RepoPaths.CardsDirectory, "*.json"))
        {
            File.Copy(file, Path.Combine(_dir, Path.GetFileName(file)));
        }
    }
}
