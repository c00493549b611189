namespace rolegraph {}
