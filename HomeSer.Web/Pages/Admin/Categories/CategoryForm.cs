using HomeSer.Web.Features.Admin;

namespace HomeSer.Web.Pages.Admin.Categories;

public sealed class CategoryForm
{
    public string? Name { get; set; }
    public string? Slug { get; set; }
    public string? Description { get; set; }
    public int? SortOrder { get; set; }

    public CategoryInput ToInput() => new(Name, Slug, Description, SortOrder);

    public static CategoryForm From(AdminCategoryView category) =>
        new() { Name = category.Name, Slug = category.Slug, Description = category.Description, SortOrder = category.SortOrder };
}
