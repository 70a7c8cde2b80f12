namespace HomeSer.Web.Features.Catalog;

/// <summary>A kind of home service (plumbing, cleaning...), addressed by slug.</summary>
public sealed class Category
{
    public int Id { get; set; }
    public string Slug { get; set; } = "";
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public int SortOrder { get; set; }
}
