// Recording a finding: picking the place picks its command post; the request fields show only
// when residents are involved.
document.addEventListener("DOMContentLoaded", function () {
  var data = document.getElementById("post-of-place");
  var place = document.getElementById("id_node"), post = document.getElementById("id_post");
  var residents = document.getElementById("id_involves_residents");
  if (!data || !place || !post || !residents) { return; }
  var posts = JSON.parse(data.textContent);
  place.addEventListener("change", function () { if (posts[place.value]) { post.value = posts[place.value]; } });
  var extra = ["id_case_type", "id_category"].map(function (id) { return document.getElementById(id).closest(".mb-3"); });
  function toggle() { extra.forEach(function (row) { row.hidden = !residents.checked; }); }
  residents.addEventListener("change", toggle);
  toggle();
});
