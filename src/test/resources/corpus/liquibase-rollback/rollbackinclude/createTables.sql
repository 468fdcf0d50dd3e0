/**
Some comments go here
**/
create table sqlfilerollback (id int);

/**
Some morecomments go here
**/
create table sqlfilerollback2 (id int);
