namespace HomeSer.E2E;

/// <summary>One app and one browser serve every E2E test; tests in this collection run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class E2ECollection : ICollectionFixture<AppServer>, ICollectionFixture<Browser>
{
    public const string Name = "E2E";
}
