//! Image records: a name pointing at a target descriptor (index or manifest), plus labels.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use containerd_client::services::v1 as api;

use crate::convert::{time, timestamp};
use crate::{Client, Descriptor, Error};

/// An image record in containerd's metadata store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    pub name: String,
    pub target: Descriptor,
    pub labels: HashMap<String, String>,
    pub created_at: Option<DateTime<Utc>>,
    pub updated_at: Option<DateTime<Utc>>,
}

impl From<api::Image> for Image {
    fn from(i: api::Image) -> Self {
        Image {
            name: i.name,
            target: i.target.map(crate::convert::descriptor).unwrap_or_default(),
            labels: i.labels,
            created_at: time(i.created_at),
            updated_at: time(i.updated_at),
        }
    }
}

impl From<&Image> for api::Image {
    fn from(i: &Image) -> Self {
        api::Image {
            name: i.name.clone(),
            labels: i.labels.clone(),
            target: Some(crate::convert::proto_descriptor(&i.target)),
            created_at: timestamp(i.created_at),
            updated_at: timestamp(i.updated_at),
        }
    }
}

impl Client {
    /// The image named `name`, `None` when absent.
    pub async fn image_get(&self, name: &str) -> Result<Option<Image>, Error> {
        let result = self
            .images_service()
            .get(self.request(api::GetImageRequest {
                name: name.to_string(),
            })?)
            .await;
        match result {
            Ok(r) => Ok(r.into_inner().image.map(Image::from)),
            Err(s) if s.code() == tonic::Code::NotFound => Ok(None),
            Err(s) => Err(Error::from_status("get image", s)),
        }
    }

    /// Images matching containerd filters (e.g. `name==docker.io/library/alpine:latest`).
    pub async fn image_list(&self, filters: &[String]) -> Result<Vec<Image>, Error> {
        let response = self
            .images_service()
            .list(self.request(api::ListImagesRequest {
                filters: filters.to_vec(),
            })?)
            .await
            .map_err(|s| Error::from_status("list images", s))?
            .into_inner();
        Ok(response.images.into_iter().map(Image::from).collect())
    }

    /// Creates the image, or points an existing one at the new target and labels.
    pub async fn image_put(&self, image: &Image) -> Result<(), Error> {
        let created = self
            .images_service()
            .create(self.request(api::CreateImageRequest {
                image: Some(image.into()),
                source_date_epoch: None,
            })?)
            .await;
        match created {
            Ok(_) => Ok(()),
            Err(s) if s.code() == tonic::Code::AlreadyExists => {
                self.images_service()
                    .update(self.request(api::UpdateImageRequest {
                        image: Some(image.into()),
                        update_mask: Some(prost_types::FieldMask {
                            paths: vec!["target".to_string(), "labels".to_string()],
                        }),
                        source_date_epoch: None,
                    })?)
                    .await
                    .map_err(|s| Error::from_status("update image", s))?;
                Ok(())
            }
            Err(s) => Err(Error::from_status("create image", s)),
        }
    }

    /// Deletes the image record; `sync` waits for garbage collection to finish.
    pub async fn image_delete(&self, name: &str, sync: bool) -> Result<(), Error> {
        self.images_service()
            .delete(self.request(api::DeleteImageRequest {
                name: name.to_string(),
                sync,
                target: None,
            })?)
            .await
            .map_err(|s| Error::from_status("delete image", s))?;
        Ok(())
    }
}
